/**
 * Object storage on S3 (the real SDK client; locally the runtime's S3-compatible endpoint through
 * AWS_ENDPOINT_URL_S3). Path-style addressing works on both. Download links are presigned GETs.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectStore } from '../../billing/billing-ports';
import { DependencyUnavailableError } from '../../kernel/errors';

export function createS3ObjectStore(client: S3Client, bucket: string): ObjectStore {
  return {
    async put(key, body, contentType) {
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(body, 'utf8'), ContentType: contentType }));
      } catch (error) {
        throw new DependencyUnavailableError('Object storage is unavailable', { cause: error });
      }
    },

    async get(key) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await result.Body?.transformToString('utf8');
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw new DependencyUnavailableError('Object storage is unavailable', { cause: error });
      }
    },

    downloadUrl: (key, expiresInSeconds) =>
      getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: expiresInSeconds }),
  };
}
