import { afterEach, describe, expect, it, vi } from 'vitest';
import { plainLogger } from '../../../functions/_lib/plain-log';

const context = { functionName: 'warden-agent-authorizer', awsRequestId: 'req-1' } as never;

function captured() {
  const lines: Record<string, unknown>[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
    lines.push(JSON.parse(String(text)) as Record<string, unknown>);
    return true;
  });
  return lines;
}

describe('The plain logger', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('writes lines in the fields Powertools writes, cold only until the first invocation ends', () => {
    const lines = captured();
    const log = plainLogger();
    log.write('INFO', 'agent key refused', context, { code: 'invalid_api_key' });
    log.invocationDone();
    log.write('WARN', 'again', context);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      message: 'agent key refused',
      service: 'warden',
      cold_start: true,
      function_name: 'warden-agent-authorizer',
      function_request_id: 'req-1',
      code: 'invalid_api_key',
      timestamp: expect.any(String),
    });
    expect(lines[1]).toMatchObject({ level: 'WARN', cold_start: false });
  });

  it('masks an API key or a JWT that reaches a line by mistake', () => {
    const lines = captured();
    const key = `wdn_acme_${'A'.repeat(43)}`;
    const jwt = 'eyJhbGciOi.eyJzdWIiOiJ4.c2lnbmF0dXJl';
    plainLogger().write('ERROR', 'oops', context, { detail: `${key} and ${jwt}` });
    expect(JSON.stringify(lines[0])).not.toContain(key);
    expect(JSON.stringify(lines[0])).not.toContain(jwt);
    expect(lines[0]!.detail).toBe('wdn_[redacted] and [redacted-jwt]');
  });

  it('leaves out lines below the level Powertools would, read from the same variables', () => {
    const lines = captured();
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'WARN');
    const log = plainLogger();
    log.write('INFO', 'quiet', context);
    log.write('ERROR', 'loud', context);
    expect(lines.map((line) => line.message)).toEqual(['loud']);
  });
});
