/**
 * The S3 client, built here rather than where it is used: the compositions load this module with
 * a dynamic import on first use, and a dynamic import of `@aws-sdk/client-s3` itself would bundle
 * the whole client (every command, ~153 KB) where the named import below keeps only the client
 * and the commands the adapters use (~98 KB) — bytes every cold start parses.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** An S3 client with `config`. */
export const createS3Client = (config: S3ClientConfig): S3Client => new S3Client(config);
