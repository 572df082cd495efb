/**
 * One way to serve a list page from a store that pages by natural key: decode the caller's cursor,
 * read store pages (filtering when asked) until the page is full, and sign the next cursor.
 */
import type { ApiPage, PageRequest, StorePage } from './page';
import type { CursorBinding, PageCursorCodec } from './page-cursor';

export interface PaginateOptions<T> {
  readonly cursors: PageCursorCodec;
  readonly binding: CursorBinding;
  readonly request: PageRequest;
  /** The natural key a store pages after (e.g. the agent id). */
  readonly positionOf: (item: T) => string;
  readonly fetch: (page: { limit: number; after?: string }) => Promise<StorePage<T>>;
  /** Keeps only matching items; the page still fills up to `limit` when more exist. */
  readonly filter?: (item: T) => boolean;
  /**
   * Ends the page before `limit` once it holds enough by another measure (its size in bytes, say:
   * an answer must fit Lambda's 6 MB); it always holds at least one item, and the cursor follows.
   */
  readonly full?: (items: readonly T[]) => boolean;
}

/** Reads one API page. */
export async function paginate<T>(options: PaginateOptions<T>): Promise<ApiPage<T>> {
  const { request, filter } = options;
  let after = request.cursor === undefined ? undefined : String(options.cursors.decode(request.cursor, options.binding).after);
  const items: T[] = [];
  const full = () => items.length === request.limit || (items.length > 0 && (options.full?.(items) ?? false));
  let more = true;
  while (!full() && more) {
    const want = request.limit - items.length;
    const page = await options.fetch({ limit: filter ? Math.max(want, 100) : want, ...(after === undefined ? {} : { after }) });
    more = page.more;
    for (const item of page.items) {
      after = options.positionOf(item);
      if (filter && !filter(item)) continue;
      items.push(item);
      if (full()) {
        more = more || item !== page.items[page.items.length - 1];
        break;
      }
    }
    if (page.items.length === 0) more = false;
  }
  const last = items[items.length - 1];
  return more && last !== undefined
    ? { items, nextCursor: options.cursors.encode({ after: options.positionOf(last) }, options.binding) }
    : { items };
}

/**
 * Every item of a store listing, page after page: for sweeps inside Warden (cancelling an agent's
 * approvals, billing facts), never for an API answer.
 */
export async function readAll<T>(fetch: PaginateOptions<T>['fetch'], positionOf: (item: T) => string, pageSize = 1000): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetch({ limit: pageSize, ...(after === undefined ? {} : { after }) });
    for (const item of page.items) items.push(item);
    const last = page.items[page.items.length - 1];
    if (!page.more || last === undefined) return items;
    after = positionOf(last);
  }
}
