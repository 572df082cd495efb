/**
 * The evaluator's local decision log: one directory per agent process holding
 *
 * - `decisions.ndjson` — every local decision, written before it is answered and fsync'd in groups.
 *   Two durabilities: `process` (the default) writes each entry synchronously (it is in the
 *   operating system's hands, so it survives the agent process dying) and fsyncs the file every
 *   `syncIntervalMs` (a host crash may lose the entries of the last interval); `host` answers only
 *   once the entry's group is fsync'd (appends made while a write is in flight go together in the
 *   next write), for agents whose host may crash and whose actions must never go unaudited;
 * - `shipped.json` — how far the log has been accepted by Warden (a byte offset), replaced
 *   atomically after each shipment, so a restarted process ships exactly what was not confirmed;
 * - `dead-letters.ndjson` — decisions Warden refused to record, with its reason, kept for people;
 * - `lock` — the process id of the one evaluator using the directory.
 *
 * A line cut short by a host crash was never answered (its write did not finish) and is skipped.
 */
import { fstatSync, ftruncateSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { appendFile, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes the log may reach before it is emptied once everything in it has shipped. */
const COMPACT_AT_BYTES = 4 * 1024 * 1024;
/** Most bytes read from the log for one shipment. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

/** Whether a process with this id is running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the directory's lock, or throws when another running evaluator holds it. */
function lock(path: string): void {
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = Number(readFileSync(path, 'utf8'));
  if (holder === process.pid || (Number.isInteger(holder) && holder > 0 && alive(holder)))
    throw new Error(`Another evaluator (process ${holder}) uses ${path}: give each one its own log directory`);
  // The holder is gone (it crashed): take the lock over.
  writeFileSync(path, String(process.pid));
}

/** How an append is durable when it resolves (see the module comment). */
export type Durability = 'process' | 'host';

export interface DurableLogOptions {
  readonly durability?: Durability;
  /** With `process` durability, how long after a write the file is fsync'd at the latest (default 20 ms). */
  readonly syncIntervalMs?: number;
  /**
   * With `process` durability: the lines appended in one turn of the event loop are written with one
   * write at the end of that turn (`setImmediate`), and each append resolves once its line is written,
   * so still before its decision is answered. For a server answering many agents, whose requests each
   * arrive in their own callback (one write per decision otherwise); an embedded evaluator keeps the
   * default, one write as each line is appended and nothing to wait for.
   */
  readonly groupWrites?: boolean;
}

/** A durable, append-only log of JSON entries with a shipped position. */
export async function openDurableLog<T>(directory: string, options: DurableLogOptions = {}) {
  const durability = options.durability ?? 'process';
  const syncIntervalMs = options.syncIntervalMs ?? 20;
  await mkdir(directory, { recursive: true });
  const paths = {
    log: join(directory, 'decisions.ndjson'),
    shipped: join(directory, 'shipped.json'),
    deadLetters: join(directory, 'dead-letters.ndjson'),
    lock: join(directory, 'lock'),
  };
  lock(paths.lock);
  const file = await open(paths.log, 'a');
  const { fd } = file;
  const processDurable = durability === 'process';
  const groupWrites = processDurable && options.groupWrites === true;
  /** Grouped writes (`groupWrites`): the lines of this turn, and who waits for them. */
  let turn: { lines: string[]; waiting: { done: () => void; failed: (error: Error) => void }[] } | undefined;
  const writeTurn = () => {
    if (!turn) return; // written by close() within the turn
    const { lines, waiting } = turn;
    turn = undefined;
    try {
      writeSync(fd, lines.join(''));
      scheduleSync();
      for (const entry of waiting) entry.done();
    } catch (error) {
      for (const entry of waiting) entry.failed(error as Error);
    }
  };
  let pending: { line: string; done: () => void; failed: (error: Error) => void }[] = [];
  let writing: Promise<void> | undefined;
  let syncTimer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | undefined;
  let closed = false;

  /** fsyncs what was written so far (process durability), at most once per interval. */
  const scheduleSync = () => {
    if (syncTimer) return;
    syncTimer = setTimeout(() => {
      syncTimer = undefined;
      syncing = file
        .datasync()
        .catch(() => undefined)
        .finally(() => (syncing = undefined));
    }, syncIntervalMs);
    syncTimer.unref();
  };

  const readShipped = async (): Promise<number> => {
    try {
      const { offset } = JSON.parse(await readFile(paths.shipped, 'utf8')) as { offset: unknown };
      return typeof offset === 'number' && offset >= 0 ? offset : 0;
    } catch {
      return 0;
    }
  };

  /** Writes what is pending, one write and one fsync per group, until nothing is. */
  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        await file.write(group.map((entry) => entry.line).join(''));
        await file.datasync();
        for (const entry of group) entry.done();
      } catch (error) {
        for (const entry of group) entry.failed(error as Error);
      }
    }
    writing = undefined;
  }

  /**
   * `append` of an entry already serialised: `line` is `JSON.stringify` of a `T` and a newline. With
   * process durability the line is written when this returns, and it returns undefined (nothing to
   * wait for); with host durability, the promise `append` gives. Throws once closed.
   */
  function appendLine(line: string): Promise<void> | undefined {
    if (closed) throw new Error('The decision log is closed');
    if (groupWrites) {
      if (!turn) {
        turn = { lines: [], waiting: [] };
        setImmediate(writeTurn);
      }
      turn.lines.push(line);
      const waiting = turn.waiting;
      return new Promise<void>((done, failed) => waiting.push({ done, failed }));
    }
    if (processDurable) {
      writeSync(fd, line);
      scheduleSync();
      return undefined;
    }
    return new Promise<void>((done, failed) => {
      pending.push({ line, done, failed });
      writing ??= drain();
    });
  }

  return {
    paths,

    durability,

    /**
     * Resolves once `entry` is as durable as the log's durability says: written (process: before
     * this returns), or fsync'd with whatever was appended alongside it (host). Throws once closed.
     */
    append(entry: T): Promise<void> {
      return appendLine(`${JSON.stringify(entry)}\n`) ?? Promise.resolve();
    },

    appendLine,

    /**
     * Entries not yet confirmed shipped, oldest first, at most `limit`, with the offset just after
     * the last one and after each one (to confirm all of them, or the first n, with `confirm`).
     */
    async unshipped(limit: number): Promise<{ entries: T[]; endOffset: number; offsets: number[] }> {
      const size = (await stat(paths.log)).size;
      // A position past the end means the log was emptied (everything had shipped) before the
      // position was reset: start from the beginning.
      const confirmed = await readShipped();
      const offset = confirmed > size ? 0 : confirmed;
      if (size === offset) return { entries: [], endOffset: offset, offsets: [] };
      const length = Math.min(size - offset, MAX_READ_BYTES);
      const handle = await open(paths.log, 'r');
      try {
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, offset);
        const entries: T[] = [];
        const offsets: number[] = [];
        let position = 0;
        while (entries.length < limit) {
          const end = buffer.indexOf(10, position);
          if (end < 0) break; // a line still being written, or cut short by a crash
          const line = buffer.subarray(position, end).toString('utf8');
          position = end + 1;
          try {
            entries.push(JSON.parse(line) as T);
            offsets.push(offset + position);
          } catch {
            // a torn line from a crash mid-write: it was never answered
          }
        }
        return { entries, endOffset: offset + position, offsets };
      } finally {
        await handle.close();
      }
    },

    /** The log's size in bytes now. */
    async size(): Promise<number> {
      return (await stat(paths.log)).size;
    },

    /** Records that everything before `endOffset` was accepted; empties a large log once all of it is (true then). */
    async confirm(endOffset: number): Promise<boolean> {
      const temporary = `${paths.shipped}.tmp`;
      await writeFile(temporary, JSON.stringify({ offset: endOffset }));
      await rename(temporary, paths.shipped);
      // Emptied synchronously, between two appends (a process-durable append is synchronous too,
      // and a host-durable one is waited for), so no entry written after the check is cut off.
      if (endOffset < COMPACT_AT_BYTES || pending.length > 0 || writing !== undefined) return false;
      if (fstatSync(file.fd).size !== endOffset) return false;
      ftruncateSync(file.fd, 0);
      await writeFile(temporary, JSON.stringify({ offset: 0 }));
      await rename(temporary, paths.shipped);
      return true;
    },

    /** Keeps decisions Warden refused, with why, for people to look at. */
    async deadLetter(entries: readonly { entry: T; reason: string }[]): Promise<void> {
      if (entries.length === 0) return;
      await appendFile(paths.deadLetters, entries.map((item) => `${JSON.stringify({ ...item, at: new Date().toISOString() })}\n`).join(''));
    },

    /** Waits for pending appends, then closes the log and releases the directory. */
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await writing;
      // Lines of this turn not yet written (grouped writes) are written now, before the file closes.
      if (turn) writeTurn();
      if (syncTimer) clearTimeout(syncTimer);
      await syncing;
      await file.datasync();
      await file.close();
      await rm(paths.lock, { force: true });
    },
  };
}
export type DurableLog<T> = Awaited<ReturnType<typeof openDurableLog<T>>>;
