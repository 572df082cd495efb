/**
 * Counts the commands a real SDK client sends (a middleware on its stack), so tests can prove
 * that a warm path makes no database call.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function countCalls(client: DynamoDBDocumentClient) {
  const calls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: `warden-call-counter-${Math.random()}` },
  );
  return { calls, reset: () => calls.splice(0, calls.length) };
}
