/** Browser tests' first global setup: the console built into web/dist (when it is older than its sources), as `npm start` does. */
import { buildConsoleIfNeeded } from '../../web/scripts/build-if-needed';

export default async function setup() {
  await buildConsoleIfNeeded();
}
