/**
 * A small S3-compatible endpoint for the local runtime: path-style PutObject, GetObject and
 * HeadObject on the manifest's buckets, objects kept as files under the data directory. Functions
 * use the real S3 client (AWS_ENDPOINT_URL_S3). Presigned GETs are honoured until their
 * X-Amz-Date + X-Amz-Expires, then refused as on S3 (403 "Request has expired"); signatures are
 * not checked, as the endpoint listens on 127.0.0.1 only.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname, join, resolve, sep } from 'node:path';

export interface LocalObjectStorageOptions {
  readonly rootDir: string;
  readonly buckets: readonly string[];
  readonly nowMs?: () => number;
}

const xmlError = (response: ServerResponse, status: number, code: string, message: string) => {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  response.end(body);
};

/** `20261201T112233Z` → epoch ms. */
const amzDateMs = (text: string) =>
  Date.parse(
    `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}Z`,
  );

export function createLocalObjectStorage(options: LocalObjectStorageOptions): Server {
  const nowMs = options.nowMs ?? Date.now;
  for (const bucket of options.buckets) mkdirSync(join(options.rootDir, bucket), { recursive: true });

  /** The file of an object, or undefined for a bucket that does not exist or a key escaping it. */
  function fileOf(bucket: string, key: string): string | undefined {
    if (!options.buckets.includes(bucket) || key === '') return undefined;
    const base = resolve(options.rootDir, bucket);
    const file = resolve(base, key);
    return file.startsWith(base + sep) ? file : undefined;
  }

  function handle(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (!options.buckets.includes(bucket)) return xmlError(response, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const file = fileOf(bucket, key);
    if (!file) return xmlError(response, 400, 'InvalidArgument', 'Invalid key');

    const expires = url.searchParams.get('X-Amz-Expires');
    const signedAt = url.searchParams.get('X-Amz-Date');
    if (expires !== null && signedAt !== null && nowMs() > amzDateMs(signedAt) + Number(expires) * 1000) {
      return xmlError(response, 403, 'AccessDenied', 'Request has expired');
    }

    if (request.method === 'PUT') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      writeFileSync(`${file}.meta.json`, JSON.stringify({ contentType: request.headers['content-type'] ?? 'application/octet-stream' }));
      response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'content-length': 0 });
      return response.end();
    }
    if (request.method === 'GET' || request.method === 'HEAD') {
      if (!existsSync(file)) return xmlError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
      const content = readFileSync(file);
      const meta = JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as { contentType: string };
      response.writeHead(200, {
        'content-type': meta.contentType,
        'content-length': content.length,
        etag: `"${createHash('md5').update(content).digest('hex')}"`,
      });
      return response.end(request.method === 'HEAD' ? undefined : content);
    }
    return xmlError(response, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        handle(request, response, Buffer.concat(chunks));
      } catch (error) {
        xmlError(response, 500, 'InternalError', String(error));
      }
    });
  });
}
