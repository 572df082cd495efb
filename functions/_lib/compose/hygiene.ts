/**
 * Hygiene: the daily sweep of every tenant's agents (shared/hygiene/hygiene-sweep.ts).
 */
import { createHygieneSweep } from '../../../shared/hygiene/hygiene-sweep';
import { clock, ids } from './kernel';
import { once } from './once';
import { opsStore } from './ops';
import { tenancyStore } from './tenancy';

/** The sweep, its cursor among the platform's operational notes. */
export const hygieneSweep = once(() => createHygieneSweep({ tenancy: tenancyStore(), cursors: opsStore(), clock: clock(), ids: ids() }));
