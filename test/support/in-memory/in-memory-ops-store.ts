/**
 * OpsStore in memory, with the DynamoDB adapter's observable behaviour
 * (shared/adapters/dynamodb/dynamodb-ops-store.ts): one take per consumer and process, replaced by
 * the next; answer counters added to per hour, listed in hour order.
 */
import type { ApiAnswerCounts } from '../../../shared/metrics/api-answers';
import type { OpsStore } from '../../../shared/metrics/ops-store';
import type { StreamTake } from '../../../shared/metrics/stream-lag';
import type { SweepCursor } from '../../../shared/hygiene/hygiene-sweep';

export function createInMemoryOpsStore(): OpsStore {
  const takes = new Map<string, StreamTake>();
  const answers = new Map<string, ApiAnswerCounts>();
  let sweepCursor: SweepCursor | undefined;
  return {
    getSweepCursor: async () => (sweepCursor ? { ...sweepCursor } : undefined),
    putSweepCursor: async (cursor) => void (sweepCursor = { ...cursor }),
    recordStreamTake: async (take) => void takes.set(`${take.consumer}#${take.instance}`, { ...take }),
    listStreamTakes: async () => [...takes.values()].map((take) => ({ ...take })),
    async addApiAnswers(counts) {
      const current = answers.get(counts.hour) ?? { hour: counts.hour, answers: 0, serverErrors: 0 };
      answers.set(counts.hour, {
        hour: counts.hour,
        answers: current.answers + counts.answers,
        serverErrors: current.serverErrors + counts.serverErrors,
      });
    },
    listApiAnswers: async (fromHour, toHour) =>
      [...answers.values()]
        .filter((count) => count.hour >= fromHour && count.hour <= toHour)
        .sort((a, b) => (a.hour < b.hour ? -1 : 1))
        .map((count) => ({ ...count })),
  };
}
