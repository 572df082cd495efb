/**
 * An agent process that dies without warning (test/e2e/local-engines.test.ts): it fetches its
 * bundle, decides `WARDEN_DECISIONS` requests locally (each on disk before its answer), prints their
 * decision ids and kills itself with SIGKILL before anything is shipped.
 */
import { createEvaluator } from '../../packages/evaluator/src/index';

const evaluator = createEvaluator({
  url: process.env.WARDEN_URL!,
  apiKey: process.env.WARDEN_API_KEY!,
  logDirectory: process.env.WARDEN_LOG_DIR!,
});
await evaluator.refresh();
const ids: string[] = [];
for (let i = 0; i < Number(process.env.WARDEN_DECISIONS); i++) {
  const answer = await evaluator.decide({ action: 'tickets:read', resource: `tickets/${i}` });
  if (answer.origin !== 'local') throw new Error(`decision ${i} was not made locally`);
  ids.push(answer.decisionId);
}
process.stdout.write(`${JSON.stringify(ids)}\n`, () => process.kill(process.pid, 'SIGKILL'));
