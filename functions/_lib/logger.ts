/**
 * The one Powertools logger of a function: JSON lines with the request id and tenant id appended
 * per request. Nothing here logs bodies, headers or tokens. (`health`, `openapi` and the agent
 * authorizer write their lines with plain-log.ts instead, in the same fields.)
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'warden' });
