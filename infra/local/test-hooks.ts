/**
 * Local-only routes for tests and demos, enabled by WARDEN_TEST_HOOKS=1 (never on AWS):
 *   GET  /_local/clock                 → { offsetMs, now }
 *   POST /_local/clock {offsetMs}      → moves the functions' clock (e.g. past a grace period)
 *   GET  /_local/events?detailType=X   → events recently put on the local bus
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdjustableClock } from '../../shared/kernel/clock';
import type { LocalEventBus } from './event-bus';

function json(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export function createTestHooks(clock: AdjustableClock, bus: LocalEventBus) {
  return async function testHooks(request: IncomingMessage, response: ServerResponse, url: URL, body: string): Promise<boolean> {
    if (!url.pathname.startsWith('/_local/')) return false;
    if (url.pathname === '/_local/clock' && request.method === 'GET') {
      json(response, 200, { offsetMs: clock.offsetMs(), now: new Date(clock.nowMs()).toISOString() });
    } else if (url.pathname === '/_local/clock' && request.method === 'POST') {
      const offsetMs = (JSON.parse(body || '{}') as { offsetMs?: unknown }).offsetMs;
      if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) {
        json(response, 400, { error: { code: 'invalid_input', message: 'offsetMs must be a number', details: [{ path: 'offsetMs', message: 'a number' }], requestId: 'local' } });
      } else {
        clock.setOffsetMs(offsetMs);
        json(response, 200, { offsetMs, now: new Date(clock.nowMs()).toISOString() });
      }
    } else if (url.pathname === '/_local/events' && request.method === 'GET') {
      const detailType = url.searchParams.get('detailType');
      json(response, 200, { items: bus.recent().filter((event) => detailType === null || event['detail-type'] === detailType) });
    } else {
      json(response, 404, { error: { code: 'route_not_found', message: 'No such test hook', details: [], requestId: 'local' } });
    }
    return true;
  };
}
