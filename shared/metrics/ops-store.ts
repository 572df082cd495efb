/**
 * The platform's operational notes in one store: the audit-stream consumers' takes (stream-lag.ts)
 * and the API's hourly answer counters (api-answers.ts). Items belong to no tenant
 * (`~platform#OPS`).
 */
import type { ApiAnswerStore } from './api-answers';
import type { StreamTakeStore } from './stream-lag';

export type OpsStore = StreamTakeStore & ApiAnswerStore;

/** The partition of the operational notes in the control table (a `~platform#` key: no tenant id begins with `~`). */
export const OPS_PARTITION = '~platform#OPS';
