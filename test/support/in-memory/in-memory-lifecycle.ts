/**
 * The real policy lifecycle on the in-memory stores, with a fixed clock, real ids and cursors: the
 * set-up of the unit tests of the use cases built on it (templates, organisation templates).
 */
import type { Clock } from '../../../shared/kernel/clock';
import { createIdGenerator } from '../../../shared/kernel/ids';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { createPolicyCompiler } from '../../../shared/policy/compile';
import { createPolicyLifecycle } from '../../../shared/policy-lifecycle/policy-lifecycle';
import type { InMemoryStores } from './index';

/** The lifecycle over `stores`, and the ids and cursors it uses (for the use cases built beside it). */
export function inMemoryLifecycle(stores: InMemoryStores, clock: Clock) {
  const ids = createIdGenerator(clock);
  const cursors = createPageCursorCodec('c'.repeat(40));
  const lifecycle = createPolicyLifecycle({
    store: stores.policies,
    audit: stores.audit,
    tenancy: stores.tenancy,
    compiler: createPolicyCompiler(),
    clock,
    ids,
    cursors,
  });
  return { lifecycle, ids, cursors };
}
