/** Small pieces every view uses: links, figures, errors, the cursor pager. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { navigate } from '../router';

/** A link that changes the view without reloading the page. */
export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** One figure of an overview. */
export function Figure({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value">{value}</div>
      {hint ? <div className="figure-hint">{hint}</div> : null}
    </div>
  );
}

/** The API's answer to a failed call, as it gave it. */
export function ErrorNote({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const code = error instanceof ApiError ? ` (${error.status} ${error.code})` : '';
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div className="error" role="alert">
      <p>
        {error.message}
        {code}
      </p>
      {details.length > 0 ? (
        <ul>
          {details.map((detail, index) => (
            <li key={index}>
              {detail.path ? <code>{detail.path}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Loading({ when }: { when: boolean }) {
  return when ? (
    <p className="muted" aria-live="polite">
      Loading…
    </p>
  ) : null;
}

/** Next and first page of a list the API pages with cursors. */
export function Pager({ nextCursor, cursor, onPage }: { nextCursor?: string; cursor?: string; onPage: (cursor?: string) => void }) {
  if (!nextCursor && !cursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" disabled={!cursor} onClick={() => onPage(undefined)}>
        First page
      </button>
      <button type="button" disabled={!nextCursor} onClick={() => onPage(nextCursor)}>
        Next page
      </button>
    </nav>
  );
}

export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`);
export const count = (value: number) => value.toLocaleString('en-US');
export const when = (iso: string | undefined) => (iso ? new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC' : '—');

/** A labelled choice among a few values (shown with spaces for underscores). */
export function Choice<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T | undefined;
  options: readonly T[];
  onChange: (value: T) => void;
}) {
  return (
    <label>
      {label}{' '}
      <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {option.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </label>
  );
}
