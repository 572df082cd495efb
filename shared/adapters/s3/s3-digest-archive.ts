/**
 * The audit digests' archive on S3: each signed digest with its leaves as one JSON object,
 * `digests/<tenant>/<hour>.json`, in a bucket with Object Lock in compliance mode (infra/cdk/
 * buckets.ts), so a copy outlives whatever happens to the tables. Object Lock wants an integrity
 * header on every put: Content-MD5 is sent.
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DigestArchive } from '../../audit/digest-ports';
import { DependencyUnavailableError } from '../../kernel/errors';

/** The key of a digest's copy. */
export const digestObjectKey = (tenantId: string, hour: string): string => `digests/${tenantId}/${hour}.json`;

export function createS3DigestArchive(client: S3Client, bucket: string): DigestArchive {
  return {
    async put(payload, digest) {
      const body = Buffer.from(
        JSON.stringify({ sequence: payload.sequence, hour: payload.hour, jws: digest.jws, leaves: digest.leaves }),
        'utf8',
      );
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: digestObjectKey(payload.tenantId, payload.hour),
            Body: body,
            ContentType: 'application/json',
            ContentMD5: createHash('md5').update(body).digest('base64'),
          }),
        );
      } catch (error) {
        throw new DependencyUnavailableError('Object storage is unavailable', { cause: error });
      }
    },
  };
}
