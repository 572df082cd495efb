import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { downloadTo } from '../../../cli/support/download';

const response = (text: string, withLength: boolean) =>
  new Response(
    new ReadableStream({
      start(controller) {
        for (let at = 0; at < text.length; at += 1000) controller.enqueue(new TextEncoder().encode(text.slice(at, at + 1000)));
        controller.close();
      },
    }),
    { headers: withLength ? { 'content-length': String(Buffer.byteLength(text)) } : {} },
  );

describe('downloadTo', () => {
  it('writes the body to the file as it arrives and draws the bar up to 100% on a terminal', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'warden-download-')), 'bill.csv');
    const text = 'BilledCost,Tenant\n'.repeat(5000);
    const terminal = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 100,
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    });
    let drawn = '';
    terminal.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    expect(await downloadTo(response(text, true), file, terminal)).toBe(Buffer.byteLength(text));
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(drawn).toContain(`100% ${Buffer.byteLength(text)}/${Buffer.byteLength(text)} bytes`);
  });

  it('draws no bar when the size is unknown or there is no terminal', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'warden-download-')), 'bill.csv');
    const quiet = new PassThrough();
    let drawn = '';
    quiet.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    expect(await downloadTo(response('a,b\n', false), file, quiet)).toBe(4);
    expect(await downloadTo(response('a,b\n', true), file)).toBe(4);
    expect(drawn).toBe('');
  });
});
