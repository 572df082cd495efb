/**
 * Pages of lists. Stores page by the last item's natural key (`after`); use cases turn that into
 * an opaque cursor bound to tenant and query (see page-cursor.ts), so no storage key leaves Warden.
 */

/** A page of items as a store returns it. */
export interface StorePage<T> {
  readonly items: readonly T[];
  /** True when the store has more items after the last one returned. */
  readonly more: boolean;
}

/** A page as the API returns it: `nextCursor` absent on the last page. */
export interface ApiPage<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string;
}

/** How a list is asked for. */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}
