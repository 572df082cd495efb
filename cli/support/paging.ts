/** The options every list command takes: the page size, and the cursor of the page to show. */
import type { Command } from 'commander';

/** Adds `--limit` (default 50) and `--cursor` to a list command. */
export const paged = (command: Command, what: string): Command =>
  command
    .option('--limit <n>', `${what} per page`, '50')
    .option('--cursor <cursor>', 'the page after this cursor (printed under a full page)');
