/** A table of rows, one column per field shown: the one place the views' tables are laid out. */
import type { ReactNode } from 'react';

export interface Column<T> {
  readonly label: string;
  readonly cell: (row: T) => ReactNode;
}

export function DataTable<T>({
  caption,
  label,
  columns,
  rows,
  keyOf,
}: {
  caption?: string;
  /** The table's name for assistive technology when a heading above names it instead of a caption. */
  label?: string;
  columns: readonly Column<T>[];
  rows: readonly T[] | undefined;
  keyOf: (row: T) => string;
}) {
  return (
    <table {...(label ? { 'aria-label': label } : {})}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column.label}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows?.map((row) => (
          <tr key={keyOf(row)}>
            {columns.map((column) => (
              <td key={column.label}>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
