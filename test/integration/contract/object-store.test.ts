/**
 * The S3 object store against the local runtime's S3-compatible endpoint (run in this process on
 * a free port), with the real S3 client and presigner.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll } from 'vitest';
import { createLocalObjectStorage } from '../../../infra/local/object-storage';
import { createS3ObjectStore } from '../../../shared/adapters/s3/s3-object-store';
import { describeObjectStoreContract } from '../../contract/object-store.contract';

let server: Server | undefined;
afterAll(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

describeObjectStoreContract('S3 (local endpoint)', async () => {
  let offsetMs = 0;
  const started = createLocalObjectStorage({
    rootDir: mkdtempSync(join(tmpdir(), 'warden-s3-contract-')),
    buckets: ['warden-exports'],
    nowMs: () => Date.now() + offsetMs,
  });
  server = started;
  await new Promise<void>((done) => started.listen(0, '127.0.0.1', () => done()));
  const address = started.address();
  const endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    store: createS3ObjectStore(client, 'warden-exports'),
    download: async (url) => {
      const response = await fetch(url);
      return response.ok ? await response.text() : undefined;
    },
    advanceSeconds: (seconds) => {
      offsetMs += seconds * 1000;
    },
  };
});
