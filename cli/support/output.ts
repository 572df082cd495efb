/**
 * What the CLI prints: aligned tables for people, JSON for scripts (`-o json`), and errors with
 * the API's code and message.
 */
import { ApiError } from './api-client';

export type OutputFormat = 'table' | 'json';

/** A column of a table: its header and how to read a cell from a row. */
export interface Column<T> {
  readonly header: string;
  readonly get: (row: T) => unknown;
}

const cellText = (value: unknown): string => {
  if (value === undefined || value === null) return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value).replace(/\s+/g, ' ');
};

/** The rows as an aligned table, headers upper-cased, cells cut at `maxWidth`. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], maxWidth = 60): string {
  const cut = (text: string) => (text.length > maxWidth ? `${text.slice(0, maxWidth - 1)}…` : text);
  const cells = [
    columns.map((column) => column.header.toUpperCase()),
    ...rows.map((row) => columns.map((column) => cut(cellText(column.get(row))))),
  ];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  return cells
    .map((line) => line.map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  '))
    .join('\n');
}

/** Key: value lines for one object's chosen fields. */
export function fields(entries: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${cellText(value)}`).join('\n');
}

/** The text of an error for a person: the API's message and code, and each detail. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const where = error.status === 0 ? error.code : `${error.code}, HTTP ${error.status}`;
    const details = error.details.map((detail) => `  - ${detail.path ? `${detail.path}: ` : ''}${detail.message}`);
    return [`error: ${error.message} (${where})`, ...details].join('\n');
  }
  return `error: ${error instanceof Error ? error.message : String(error)}`;
}

/** One page of a list for people: its table, and under a full page the option that asks for the next. */
export function pageTable<T>(page: { readonly items: readonly T[]; readonly nextCursor?: string }, columns: readonly Column<T>[]): string {
  return table(page.items, columns) + (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : '');
}
