/**
 * Generates the OpenAPI 3.1 document of the HTTP API from the route table's zod schemas, so the
 * served reference cannot drift from what the handlers validate. Each operation's `operationId` is
 * its key in the route table (`listTenants`, `publishPolicyVersion`, ...): unique because keys are,
 * and stable for generated clients as long as the key is.
 */
import * as z from 'zod';
import type { RouteSpec } from './route-spec';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string().optional(), message: z.string() }).loose()),
    requestId: z.string(),
  }),
});

function queryParameters(schema: z.ZodType | undefined) {
  if (!schema) return [];
  const properties = (jsonSchema(schema, 'input') as { properties?: Record<string, unknown> }).properties ?? {};
  return Object.entries(properties).map(([name, value]) => ({ name, in: 'query', required: false, schema: value }));
}

/** The OpenAPI document for `routes`, the route table (ROUTES) keyed by operation id. */
export function buildOpenApiDocument(routes: Readonly<Record<string, RouteSpec>>, info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(routes)) {
    const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => ({
      name: match[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const security = route.auth === 'operator' ? [{ operatorJwt: [] }] : route.auth === 'agent' ? [{ agentApiKey: [] }] : [];
    const ok = String(route.successStatus ?? 200);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      operationId,
      security,
      parameters: [...pathParameters, ...queryParameters(route.query)],
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      responses: {
        [ok]: {
          description: 'Success',
          ...(route.response ? { content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } } : {}),
        },
        default: { description: 'Error', content: { 'application/json': { schema: jsonSchema(ErrorBody, 'output') } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Warden API', version: info.version, description: 'Governance control plane for fleets of AI agents.' },
    components: {
      securitySchemes: {
        operatorJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Operators: a JWT from the identity provider' },
        agentApiKey: { type: 'http', scheme: 'bearer', description: 'Agents: the API key issued at registration (wdn_...)' },
      },
    },
    paths,
  };
}
