/**
 * The HTTP API's Lambda authorizer for agent routes (payload 2.0, simple responses). A valid key
 * yields the agent's identity and the statuses handlers refuse on; anything else is a 401
 * (API Gateway's convention: throwing "Unauthorized"). Text that cannot be a key (wrong shape or
 * checksum) is refused before anything is built or read. Keys are never logged.
 *
 * It runs on every agent request whose answer API Gateway has not cached, so it loads no more than
 * it uses: no middy and no Powertools (its lines are written in their fields by plain-log.ts), and
 * only the tenancy store of the composition (docs/decisions/cold-starts.md).
 */
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult, Context } from 'aws-lambda';
import { apiKeyShape } from '../../shared/auth/api-key';
import { UnauthenticatedError } from '../../shared/kernel/errors';
import { plainLogger } from '../_lib/plain-log';
import type { AgentAuthorizerContext } from '../_lib/principal-from-event';
import { agentKeys } from '../_lib/compose/tenancy-store';

const log = plainLogger();

/** The bearer token of an Authorization header value. */
const bearerToken = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];

/** Who the key belongs to, or a throw of "Unauthorized". */
async function authorize(event: APIGatewayRequestAuthorizerEventV2, context: Context) {
  const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
  if (token === undefined) throw new Error('Unauthorized');
  if (apiKeyShape(token) === undefined) {
    log.write('INFO', 'agent key refused', context, { code: 'malformed_api_key' });
    throw new Error('Unauthorized');
  }
  try {
    const { principal, agent, tenant } = await agentKeys().authenticate(token);
    return {
      isAuthorized: true,
      context: {
        tenantId: principal.tenantId,
        agentId: principal.agentId,
        keyId: principal.keyId,
        tenantStatus: tenant.status,
        agentStatus: agent.status,
      },
    };
  } catch (error) {
    if (error instanceof UnauthenticatedError) {
      log.write('INFO', 'agent key refused', context, { code: error.code });
      throw new Error('Unauthorized');
    }
    log.write('ERROR', 'agent key check failed', context, {
      error: { name: (error as Error).name, message: (error as Error).message, stack: (error as Error).stack },
    });
    throw error;
  }
}

export async function handler(
  event: APIGatewayRequestAuthorizerEventV2,
  context: Context,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AgentAuthorizerContext>> {
  try {
    return await authorize(event, context);
  } finally {
    log.invocationDone();
  }
}
