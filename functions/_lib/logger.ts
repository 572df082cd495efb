/**
 * The one Powertools logger of a function: JSON lines with the request id and tenant id appended
 * per request. Nothing here logs bodies, headers or tokens; `redact` masks anything shaped like an
 * API key or a JWT that reaches a log line by mistake.
 */
import { Logger } from '@aws-lambda-powertools/logger';

const API_KEY = /wdn_[a-z0-9-]+_[A-Za-z0-9_-]{43,}/g;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;

/** Masks API keys and JWTs in text. */
export const redact = (text: string): string => text.replace(API_KEY, 'wdn_[redacted]').replace(JWT, '[redacted-jwt]');

export const logger = new Logger({ serviceName: 'warden' });
