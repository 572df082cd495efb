import { describe, expect, it } from 'vitest';
import { createPageCursorCodec } from '../../../shared/kernel/page-cursor';
import { paginate, readAll } from '../../../shared/kernel/paginate';

const cursors = createPageCursorCodec('s'.repeat(40));
const binding = { tenantId: 't', query: 'numbers' };
const numbers = Array.from({ length: 25 }, (_, i) => String(i).padStart(3, '0'));

/** A store paging over `numbers` by key, `pageSize` at most per read. */
const fetchFrom =
  (pageSize: number, reads: number[] = []) =>
  async ({ limit, after }: { limit: number; after?: string }) => {
    const start = after === undefined ? 0 : numbers.indexOf(after) + 1;
    const items = numbers.slice(start, start + Math.min(limit, pageSize));
    reads.push(items.length);
    return { items, more: start + items.length < numbers.length };
  };

async function all(options: { limit: number; filter?: (n: string) => boolean; pageSize?: number }) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await paginate({
      cursors,
      binding,
      request: { limit: options.limit, cursor },
      positionOf: (n) => n,
      fetch: fetchFrom(options.pageSize ?? 1000),
      ...(options.filter ? { filter: options.filter } : {}),
    });
    expect(page.items.length).toBeLessThanOrEqual(options.limit);
    seen.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('Function: paginate', () => {
  it('ends a page early once it is full by another measure, with at least one item, and the cursor goes on from there', async () => {
    const pages: (readonly string[])[] = [];
    let cursor: string | undefined;
    do {
      const page = await paginate({
        cursors,
        binding,
        request: { limit: 10, cursor },
        positionOf: (n) => n,
        fetch: fetchFrom(1000),
        // "Size" of an item: its number; a page is full at 30.
        full: (items) => items.reduce((sum, n) => sum + Number(n), 0) >= 30,
      });
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.flat()).toEqual(numbers);
    expect(pages.slice(0, 4)).toEqual([
      ['000', '001', '002', '003', '004', '005', '006', '007', '008'],
      ['009', '010', '011'],
      ['012', '013', '014'],
      ['015', '016'],
    ]);
    expect(pages.slice(4)).toEqual([
      ['017', '018'],
      ['019', '020'],
      ['021', '022'],
      ['023', '024'],
    ]);
    // An item that fills a page on its own still makes a page.
    const alone = await paginate({
      cursors,
      binding,
      request: { limit: 10 },
      positionOf: (n) => n,
      fetch: fetchFrom(1000),
      full: () => true,
    });
    expect(alone.items).toEqual(['000']);
    expect(alone.nextCursor).toBeDefined();
  });

  it('returns every item once, in order, across pages', async () => {
    expect(await all({ limit: 7 })).toEqual(numbers);
  });

  it('fills filtered pages from several store reads and loses nothing', async () => {
    const odd = (n: string) => Number(n) % 2 === 1;
    expect(await all({ limit: 3, filter: odd, pageSize: 4 })).toEqual(numbers.filter(odd));
  });

  it('ends without a cursor when the last page is exactly full', async () => {
    const page = await paginate({ cursors, binding, request: { limit: 25 }, positionOf: (n) => n, fetch: fetchFrom(1000) });
    expect(page.items).toHaveLength(25);
    expect(page.nextCursor).toBeUndefined();
  });
});

describe('Function: readAll', () => {
  it('reads every item of a listing, following the store page after page', async () => {
    const reads: number[] = [];
    expect(await readAll(fetchFrom(4, reads), (n) => n, 10)).toEqual(numbers);
    expect(reads).toEqual([4, 4, 4, 4, 4, 4, 1]);
  });
});
