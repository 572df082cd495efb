/**
 * What the tenancy use cases need from outside, passed in explicitly.
 */
import type { Clock } from '../kernel/clock';
import type { IdGenerator } from '../kernel/ids';
import type { PageCursorCodec } from '../kernel/page-cursor';
import type { TenancyStore } from './tenancy-store';

export interface TenancyDeps {
  readonly store: TenancyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly cursors: PageCursorCodec;
}
