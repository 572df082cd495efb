import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type DurableLog, openDurableLog } from '../src/durable-log';

const opened: DurableLog<unknown>[] = [];
const open = async <T>(directory?: string, durability?: 'process' | 'host') => {
  const log = await openDurableLog<T>(directory ?? (await mkdtemp(join(tmpdir(), 'durable-log-'))), durability ? { durability } : {});
  opened.push(log as DurableLog<unknown>);
  return log;
};

afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
});

describe('the durable decision log', () => {
  it.each(['process', 'host'] as const)(
    'has every entry in the file, in order, when its append resolves (%s durability)',
    async (durability) => {
      const log = await open<{ n: number }>(undefined, durability);
      expect(log.durability).toBe(durability);
      await Promise.all(Array.from({ length: 500 }, (_, n) => log.append({ n })));
      const lines = (await readFile(log.paths.log, 'utf8')).trim().split('\n');
      expect(lines.map((line) => JSON.parse(line).n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    },
  );

  it('writes a serialised line before appendLine returns with process durability, and gives a promise with host durability', async () => {
    const log = await open<{ n: number }>();
    expect(log.appendLine('{"n":1}\n')).toBeUndefined();
    expect(readFileSync(log.paths.log, 'utf8')).toBe('{"n":1}\n');
    const host = await open<{ n: number }>(undefined, 'host');
    const written = host.appendLine('{"n":2}\n');
    expect(written).toBeInstanceOf(Promise);
    await written;
    expect((await host.unshipped(10)).entries).toEqual([{ n: 2 }]);
    await log.close();
    opened.splice(opened.indexOf(log as DurableLog<unknown>), 1);
    expect(() => log.appendLine('{"n":3}\n')).toThrow('closed');
  });

  it('with grouped writes, writes the lines of one turn together at its end, each append resolving once its line is in the file', async () => {
    const log = await openDurableLog<{ n: number }>(await mkdtemp(join(tmpdir(), 'durable-log-')), { groupWrites: true });
    opened.push(log as DurableLog<unknown>);
    const appended = Array.from({ length: 50 }, (_, n) => log.appendLine(`${JSON.stringify({ n })}\n`));
    // Nothing is written within the turn: a decision waits for its line, not a write of its own.
    expect(readFileSync(log.paths.log, 'utf8')).toBe('');
    expect(appended.every((written) => written instanceof Promise)).toBe(true);
    let resolvedEarly = false;
    void appended[49]!.then(() => (resolvedEarly = readFileSync(log.paths.log, 'utf8').split('\n').length - 1 !== 50));
    await Promise.all(appended);
    expect(resolvedEarly).toBe(false);
    expect((await log.unshipped(100)).entries).toEqual(Array.from({ length: 50 }, (_, n) => ({ n })));
    // The next turn's lines follow in a write of their own.
    await log.append({ n: 50 });
    expect((await log.unshipped(100)).entries).toHaveLength(51);
  });

  it('with grouped writes, writes the lines of the turn when closed within it', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'durable-log-'));
    const log = await openDurableLog<{ n: number }>(directory, { groupWrites: true });
    const written = log.appendLine('{"n":1}\n');
    await log.close();
    await written;
    expect(readFileSync(log.paths.log, 'utf8')).toBe('{"n":1}\n');
  });

  it('gives what was not confirmed, in order and in bounded batches, and nothing twice once confirmed', async () => {
    const log = await open<{ n: number }>();
    for (let n = 0; n < 5; n++) await log.append({ n });
    const first = await log.unshipped(3);
    expect(first.entries).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
    expect(await log.unshipped(3)).toEqual(first); // not confirmed: the same again
    await log.confirm(first.endOffset);
    const rest = await log.unshipped(10);
    expect(rest.entries).toEqual([{ n: 3 }, { n: 4 }]);
    await log.confirm(rest.endOffset);
    expect((await log.unshipped(10)).entries).toEqual([]);
  });

  it('carries the confirmed position over a restart, and skips a line a crash cut short', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'durable-log-'));
    const log = await open<{ n: number }>(directory);
    for (let n = 0; n < 3; n++) await log.append({ n });
    const { endOffset } = await log.unshipped(1);
    await log.confirm(endOffset);
    await log.close();
    opened.pop();
    await writeFile(join(directory, 'decisions.ndjson'), '{"n": 3}\n{"n": 4', { flag: 'a' });

    const reopened = await open<{ n: number }>(directory);
    expect((await reopened.unshipped(10)).entries).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });

  it('refuses a second evaluator on the same directory while the first runs, and takes over from one that died', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'durable-log-'));
    await open(directory);
    await expect(openDurableLog(directory)).rejects.toThrow(/uses .*lock/);

    const orphaned = await mkdtemp(join(tmpdir(), 'durable-log-'));
    await writeFile(join(orphaned, 'lock'), '2147483646'); // no such process
    const log = await open<{ n: number }>(orphaned);
    await log.append({ n: 1 });
    expect(await readFile(join(orphaned, 'lock'), 'utf8')).toBe(String(process.pid));
  });

  it('keeps refused entries with their reason in the dead-letter file', async () => {
    const log = await open<{ n: number }>();
    await log.deadLetter([{ entry: { n: 7 }, reason: 'unknown_bundle' }]);
    const [kept] = (await readFile(log.paths.deadLetters, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(kept).toMatchObject({ entry: { n: 7 }, reason: 'unknown_bundle' });
  });

  it('empties a large log once all of it has shipped, and keeps appending after', async () => {
    const log = await open<{ text: string }>();
    const text = 'x'.repeat(64 * 1024);
    for (let n = 0; n < 70; n++) await log.append({ text });
    const { entries, endOffset } = await log.unshipped(100);
    expect(entries).toHaveLength(70);
    await log.confirm(endOffset);
    expect((await stat(log.paths.log)).size).toBe(0);
    await log.append({ text: 'after' });
    expect((await log.unshipped(10)).entries).toEqual([{ text: 'after' }]);
  });
});
