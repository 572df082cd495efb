/**
 * A department's local decision point (`warden engine serve`): the evaluator behind an HTTP server
 * on the department's own host, speaking `/v1/authorize`'s contract for many agents, each with its
 * own key and so its own bundle, quota lease and decision log (a directory per agent under one
 * root). What an evaluator cannot decide locally goes to Warden as it would from the agent; Warden's
 * refusals (401 unknown key, 403 suspended, 429 quota) are passed on as they came.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type * as z from 'zod';
import { AuthorizeBatchSchema, AuthorizeRequestSchema } from '../../../shared/decisions/decision-record';
import { CentralRefusalError, createEvaluator, type Evaluator } from './evaluator';

export interface DecisionPointOptions {
  /** Warden's API. */
  readonly url: string;
  /** The root of the agents' decision logs. */
  readonly logDirectory: string;
  /** Agents (keys) served at most (default 1,000): more get 503. */
  readonly maxAgents?: number;
  readonly pollIntervalMs?: number;
  readonly shipIntervalMs?: number;
}

/** Bytes of a request body at most. */
const MAX_BODY_BYTES = 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

const problem = (status: number, code: string, message: string, details?: unknown) =>
  new HttpProblem(status, { error: { code, message, ...(details ? { details } : {}) } });

/** The request's JSON body. Read with stream events rather than an async iterator: this runs for every decision served. */
function bodyOf(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.removeAllListeners('data').resume();
        reject(problem(413, 'payload_too_large', `A request body is at most ${MAX_BODY_BYTES} bytes`));
      } else chunks.push(chunk);
    });
    request.once('error', reject);
    request.once('end', () => {
      try {
        resolve(JSON.parse((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')) as unknown);
      } catch {
        reject(problem(400, 'invalid_json', 'The body is not JSON'));
      }
    });
  });
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw problem(400, 'validation_failed', `The request is invalid: ${details[0]?.path || 'body'} ${details[0]?.message}`, details);
}

export function createDecisionPoint(options: DecisionPointOptions) {
  const maxAgents = options.maxAgents ?? 1000;
  const evaluators = new Map<string, Promise<Evaluator>>();
  /** Keys seen to their names (a hash, ~10 µs a request otherwise); forgotten all at once when it holds twice maxAgents. */
  const names = new Map<string, string>();

  /** The name of a key's evaluator and log directory: the first 32 hex digits of its SHA-256. */
  function nameOf(key: string): string {
    let name = names.get(key);
    if (name === undefined) {
      if (names.size >= 2 * maxAgents) names.clear();
      name = createHash('sha256').update(key).digest('hex').slice(0, 32);
      names.set(key, name);
    }
    return name;
  }

  /** The evaluator of the key in `authorization`, started on first use, and whether it is kept for the next requests. */
  async function evaluatorFor(authorization: string | undefined): Promise<{ evaluator: Evaluator; kept: boolean }> {
    const key = /^Bearer (\S{1,4096})$/.exec(authorization ?? '')?.[1];
    if (!key) throw problem(401, 'unauthorized', 'An agent key is needed (Authorization: Bearer …)');
    const name = nameOf(key);
    let evaluator = evaluators.get(name);
    if (!evaluator) {
      if (evaluators.size >= maxAgents) throw problem(503, 'too_many_agents', `This decision point serves at most ${maxAgents} agents`);
      const created = createEvaluator({
        url: options.url,
        apiKey: key,
        logDirectory: join(options.logDirectory, name),
        // Many agents' requests, each in its own callback: one write per turn of the event loop, not per decision.
        groupWrites: true,
        ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.shipIntervalMs ? { shipIntervalMs: options.shipIntervalMs } : {}),
      });
      // A key that got no bundle (unknown, suspended, Warden unreachable) is not kept: its requests go
      // to Warden one by one, so made-up keys cannot fill the decision point.
      evaluator = created.start().then(() => {
        if (!created.bundle) evaluators.delete(name);
        return created;
      });
      evaluator.catch(() => evaluators.delete(name));
      evaluators.set(name, evaluator);
    }
    const started = await evaluator;
    return { evaluator: started, kept: evaluators.get(name) === evaluator };
  }

  /** Runs `work` with the evaluator of the caller's key; one not kept is stopped after. */
  async function withEvaluator<T>(authorization: string | undefined, work: (evaluator: Evaluator) => Promise<T>): Promise<T> {
    const { evaluator, kept } = await evaluatorFor(authorization);
    try {
      return await work(evaluator);
    } finally {
      if (!kept) await evaluator.stop();
    }
  }

  async function handle(request: IncomingMessage): Promise<unknown> {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/health') return { status: 'ok', agents: evaluators.size };
    if (request.method !== 'POST' || (path !== '/v1/authorize' && path !== '/v1/authorize/batch'))
      throw problem(404, 'not_found', 'This decision point answers POST /v1/authorize and /v1/authorize/batch');
    const body = await bodyOf(request);
    if (path === '/v1/authorize') {
      const one = parsed(AuthorizeRequestSchema, body);
      return withEvaluator(request.headers.authorization, async (evaluator) => strip(await evaluator.decide(one)));
    }
    const { requests } = parsed(AuthorizeBatchSchema, body);
    return withEvaluator(request.headers.authorization, async (evaluator) => ({
      results: (await Promise.all(requests.map((each) => evaluator.decide(each)))).map(strip),
    }));
  }

  /** The answer as `/v1/authorize` gives it (`origin` is the decision point's own header). */
  const strip = ({ origin: _origin, ...answer }: Awaited<ReturnType<Evaluator['decide']>>) => answer;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle(request).then(
      (answer) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      },
      (error: unknown) => {
        const status = error instanceof HttpProblem || error instanceof CentralRefusalError ? error.status : 503;
        const body =
          error instanceof HttpProblem || error instanceof CentralRefusalError
            ? error.body
            : { error: { code: 'unavailable', message: `Warden could not be reached: ${(error as Error).message}` } };
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
    );
  });
  server.keepAliveTimeout = 30_000;

  return {
    /** Listens on `host:port` (port 0: any free one) and gives the URL. */
    async listen(port: number, host = '127.0.0.1'): Promise<string> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    },

    /** Stops taking requests, then stops every evaluator (shipping what it can). */
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      const started = await Promise.allSettled(evaluators.values());
      for (const result of started) if (result.status === 'fulfilled') await result.value.stop();
      evaluators.clear();
    },

    /** Every served agent's evaluator (for stats). */
    async evaluators(): Promise<Evaluator[]> {
      const started = await Promise.allSettled(evaluators.values());
      return started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    },
  };
}
export type DecisionPoint = ReturnType<typeof createDecisionPoint>;
