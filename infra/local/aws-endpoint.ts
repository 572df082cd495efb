/**
 * One loopback HTTP endpoint speaking the AWS JSON protocol for the services Warden emulates
 * locally. Requests are dispatched on the `X-Amz-Target` header (`AWSEvents.PutEvents`, ...);
 * functions reach it through the SDK's standard `AWS_ENDPOINT_URL_<SERVICE>` variables.
 * Signatures are not checked: it listens on 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';

/** An operation: JSON input → JSON output; throw an AwsError for a service error. */
export type AwsOperation = (input: Record<string, unknown>) => Promise<unknown> | unknown;

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function createAwsEndpoint(operations: Readonly<Record<string, AwsOperation>>): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const contentType = String(request.headers['content-type'] ?? 'application/x-amz-json-1.1');
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': target });
        response.end(text);
      };
      const operation = operations[target];
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: `Unknown operation ${target}` });
      Promise.resolve()
        .then(() => operation(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>))
        .then(
          (output) => reply(200, output ?? {}),
          (error: unknown) =>
            error instanceof AwsError
              ? reply(error.status, { __type: error.type, message: error.message })
              : reply(500, { __type: 'InternalFailure', message: String(error) }),
        );
    });
  });
}
