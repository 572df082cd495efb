/**
 * The platform's operational notes in one store: the audit-stream consumers' takes (stream-lag.ts),
 * the API's hourly answer counters (api-answers.ts) and the hygiene sweep's cursor
 * (hygiene/hygiene-sweep.ts). Items belong to no tenant (`~platform#OPS`).
 */
import type { SweepCursorStore } from '../hygiene/hygiene-sweep';
import type { ApiAnswerStore } from './api-answers';
import type { StreamTakeStore } from './stream-lag';

export type OpsStore = StreamTakeStore & ApiAnswerStore & SweepCursorStore;

/** The partition of the operational notes in the control table (a `~platform#` key: no tenant id begins with `~`). */
export const OPS_PARTITION = '~platform#OPS';
