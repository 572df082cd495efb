/**
 * Local-only routes for tests and demos, enabled by WARDEN_TEST_HOOKS=1 (never on AWS):
 *   GET  /_local/clock                 → { offsetMs, now }
 *   POST /_local/clock {offsetMs}      → moves the functions' clock (e.g. past a grace period)
 *   GET  /_local/events?detailType=X   → events recently put on the local bus
 *   POST /_local/dynamodb/restart {downMs} → stops DynamoDB Local, starts it again after downMs
 *                                       (same port and data; answers at once, 202)
 *   POST /_local/dynamodb/stall {stallMs} → freezes DynamoDB Local (it answers nothing) for stallMs
 *   GET  /_local/dynamodb              → { up } (fault tests wait for it)
 *   GET  /_local/executions?status=X   → local Step Functions executions (e.g. RUNNING)
 *   GET  /_local/schedules              → each schedule's next due time (functions' clock), whether a
 *                                       run is going, and its last run (machine's clock)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AdjustableClock } from '../../shared/kernel/clock';
import type { LocalEventBus } from './event-bus';
import type { LocalScheduler } from './scheduler';
import type { LocalStepFunctions } from './step-functions';

function json(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** Stops and restarts, or stalls, the database (fault tests); each resolves when it is back. */
export interface DatabaseControl {
  restart(downMs: number): Promise<void>;
  stall(stallMs: number): Promise<void>;
  isUp(): boolean;
}

export interface TestHookTargets {
  readonly clock: AdjustableClock;
  readonly bus: LocalEventBus;
  readonly stepFunctions: LocalStepFunctions;
  readonly database?: DatabaseControl;
  readonly scheduler?: Pick<LocalScheduler, 'status' | 'clockMoved'>;
}

export function createTestHooks({ clock, bus, stepFunctions, database, scheduler }: TestHookTargets) {
  return async function testHooks(request: IncomingMessage, response: ServerResponse, url: URL, body: string): Promise<boolean> {
    if (!url.pathname.startsWith('/_local/')) return false;
    if (url.pathname === '/_local/clock' && request.method === 'GET') {
      json(response, 200, { offsetMs: clock.offsetMs(), now: new Date(clock.nowMs()).toISOString() });
    } else if (url.pathname === '/_local/clock' && request.method === 'POST') {
      const offsetMs = (JSON.parse(body || '{}') as { offsetMs?: unknown }).offsetMs;
      if (typeof offsetMs !== 'number' || !Number.isFinite(offsetMs)) {
        json(response, 400, {
          error: {
            code: 'invalid_input',
            message: 'offsetMs must be a number',
            details: [{ path: 'offsetMs', message: 'a number' }],
            requestId: 'local',
          },
        });
      } else {
        clock.setOffsetMs(offsetMs);
        scheduler?.clockMoved();
        json(response, 200, { offsetMs, now: new Date(clock.nowMs()).toISOString() });
      }
    } else if (url.pathname === '/_local/events' && request.method === 'GET') {
      const detailType = url.searchParams.get('detailType');
      json(response, 200, { items: bus.recent().filter((event) => detailType === null || event['detail-type'] === detailType) });
    } else if (url.pathname === '/_local/dynamodb/restart' && request.method === 'POST' && database) {
      const downMs = Number((JSON.parse(body || '{}') as { downMs?: unknown }).downMs ?? 3000);
      void database
        .restart(Math.min(Math.max(downMs, 0), 30_000))
        .catch((error: unknown) => console.error('database restart failed', error));
      json(response, 202, { restarting: true, downMs });
    } else if (url.pathname === '/_local/dynamodb/stall' && request.method === 'POST' && database) {
      const stallMs = Number((JSON.parse(body || '{}') as { stallMs?: unknown }).stallMs ?? 3000);
      void database.stall(Math.min(Math.max(stallMs, 0), 30_000)).catch((error: unknown) => console.error('database stall failed', error));
      json(response, 202, { stalling: true, stallMs });
    } else if (url.pathname === '/_local/dynamodb' && request.method === 'GET' && database) {
      json(response, 200, { up: database.isUp() });
    } else if (url.pathname === '/_local/executions' && request.method === 'GET') {
      const status = url.searchParams.get('status') ?? undefined;
      json(response, 200, { items: stepFunctions.list(status as never) });
    } else if (url.pathname === '/_local/schedules' && request.method === 'GET' && scheduler) {
      json(response, 200, { items: scheduler.status() });
    } else {
      json(response, 404, { error: { code: 'route_not_found', message: 'No such test hook', details: [], requestId: 'local' } });
    }
    return true;
  };
}
