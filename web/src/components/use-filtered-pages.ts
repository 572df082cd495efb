/**
 * A list filtered by one choice (a status) and paged with the API's cursors: choosing another
 * filter starts again from the first page.
 */
import { useState } from 'react';

export function useFilteredPages<F extends string>(initial: F) {
  const [filter, setFilter] = useState<F>(initial);
  const [cursor, setCursor] = useState<string>();
  return {
    filter,
    cursor,
    /** The page after `next` (undefined: the first). */
    setCursor,
    /** Another filter, from its first page. */
    choose: (next: F) => {
      setCursor(undefined);
      setFilter(next);
    },
    /** The cursor as a query or prop spread: nothing on the first page. */
    cursorQuery: cursor ? { cursor } : {},
  };
}
