/**
 * The HTTP API's Lambda authorizer for agent routes (payload 2.0, simple responses). A valid key
 * yields the agent's identity and the statuses handlers refuse on; anything else is a 401
 * (API Gateway's convention: throwing "Unauthorized"). Text that cannot be a key (wrong shape or
 * checksum) is refused before anything is built or read. Keys are never logged.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult, Context } from 'aws-lambda';
import { apiKeyShape } from '../../shared/auth/api-key';
import { UnauthenticatedError } from '../../shared/kernel/errors';
import { logger } from '../_lib/logger';
import type { AgentAuthorizerContext } from '../_lib/principal-from-event';
import { agentKeys } from '../_lib/compose/tenancy';

/** The bearer token of an Authorization header value. */
const bearerToken = (header: string | undefined): string | undefined => /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1];

export const handler = middy<
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult<AgentAuthorizerContext>,
  Error,
  Context
>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async function agentAuthorizer(event) {
    const token = bearerToken(event.headers?.authorization ?? event.identitySource?.[0]);
    if (token === undefined) throw new Error('Unauthorized');
    if (apiKeyShape(token) === undefined) {
      logger.info('agent key refused', { code: 'malformed_api_key' });
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
        logger.info('agent key refused', { code: error.code });
        throw new Error('Unauthorized');
      }
      throw error;
    }
  });
