/**
 * The local S3-compatible endpoint through the real S3 client and presigner: put, get, a missing
 * key, and presigned links that stop working when they expire.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalObjectStorage } from '../../../infra/local/object-storage';
import { createS3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';

describe('Local object storage', () => {
  let server: Server;
  let endpoint: string;
  let offsetMs = 0;

  beforeAll(async () => {
    server = createLocalObjectStorage({
      rootDir: mkdtempSync(join(tmpdir(), 'warden-s3-')),
      buckets: ['warden-exports'],
      nowMs: () => Date.now() + offsetMs,
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const address = server.address();
    endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  const store = (bucket = 'warden-exports') =>
    createS3ObjectStore(
      new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      bucket,
    );

  it('stores and returns objects, and knows a missing key', async () => {
    await store().put('periods/2030-01/acme.json', '{"a":1}', 'application/json');
    expect(await store().get('periods/2030-01/acme.json')).toBe('{"a":1}');
    expect(await store().get('periods/2030-01/nobody.json')).toBeUndefined();
  });

  it('serves presigned links until they expire', async () => {
    await store().put('exports/x.csv', 'a,b\r\n', 'text/csv');
    const url = await store().downloadUrl('exports/x.csv', 60);
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('text/csv');
    expect(await fetched.text()).toBe('a,b\r\n');
    offsetMs = 61_000;
    try {
      const expired = await fetch(url);
      expect(expired.status).toBe(403);
      expect(await expired.text()).toContain('Request has expired');
    } finally {
      offsetMs = 0;
    }
  });

  it('refuses unknown buckets and keys that escape the bucket', async () => {
    await expect(store('other').put('k', 'v', 'text/plain')).rejects.toMatchObject({ name: 'DependencyUnavailableError' });
    expect((await fetch(`${endpoint}/warden-exports/..%2F..%2Fetc`)).status).toBe(400);
  });
});
