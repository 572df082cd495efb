/**
 * The Step Functions client, built here rather than where it is used: the compositions load this
 * module with a dynamic import on first use, and a dynamic import of `@aws-sdk/client-sfn` itself
 * would bundle the whole client (every command, ~56 KB) where the named import below keeps only
 * the client and the commands the adapters use (~22 KB) — bytes every cold start parses.
 */
import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';

/** A Step Functions client with `config`. */
export const createSfnClient = (config: SFNClientConfig): SFNClient => new SFNClient(config);
