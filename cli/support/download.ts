/**
 * Saving a download (a billing export) to a file as it arrives, with a progress bar (cli-progress)
 * on a terminal when the size is known.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { SingleBar } from 'cli-progress';

/** Writes `response`'s body to `file`; returns the bytes written. `progress` is where the bar is drawn, if anywhere. */
export async function downloadTo(response: Response, file: string, progress?: NodeJS.WritableStream): Promise<number> {
  const total = Number(response.headers.get('content-length') ?? 0);
  const bar =
    progress && total > 0
      ? new SingleBar({ format: 'downloading [{bar}] {percentage}% {value}/{total} bytes', stream: progress, fps: 10 })
      : undefined;
  bar?.start(total, 0);
  let bytes = 0;
  const body = Readable.fromWeb(response.body! as WebReadableStream<Uint8Array>);
  body.on('data', (chunk: Buffer) => {
    bytes += chunk.byteLength;
    bar?.update(Math.min(bytes, total));
  });
  try {
    await pipeline(body, createWriteStream(file));
  } finally {
    bar?.stop();
  }
  return bytes;
}
