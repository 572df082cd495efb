/**
 * Masks anything shaped like an API key or a JWT in text about to be logged: nothing logs bodies,
 * headers or tokens, and this catches what reaches a line by mistake.
 */
const API_KEY = /wdn_[a-z0-9-]+_[A-Za-z0-9_-]{43,}/g;
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g;

/** `text` with API keys and JWTs masked. */
export const redactText = (text: string): string => text.replace(API_KEY, 'wdn_[redacted]').replace(JWT, '[redacted-jwt]');
