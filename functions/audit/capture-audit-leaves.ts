/**
 * Leaf capture: keeps the digest leaf (hash and position) of each new audit record from the audit
 * stream, so its hour is sealed from what was written (shared/audit/leaf-capture.ts).
 */
import { capturedRecordOf, leafCapture } from '../_lib/compose/audit-leaf-capture';
import { streamConsumer } from '../_lib/stream-consumer';

export const handler = streamConsumer('audit leaves', capturedRecordOf, (records) => leafCapture().capture(records));
