/**
 * The HTTP API from the manifest's routes: operator routes behind the JWT authorizer (issuer and
 * audience from settings), agent routes behind the Lambda authorizer for API keys (simple
 * responses, not cached by the gateway), public routes open.
 * The default stage logs every request and throttles.
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES } from '../../shared/manifest/routes';
import type { RouteSpec } from '../../shared/manifest/route-spec';
import { constructName, type WardenFunctions } from './functions';

export interface HttpApiProps {
  readonly functions: WardenFunctions;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

export class WardenHttpApi extends Construct {
  readonly api: HttpApi;
  readonly operatorAuthorizer: HttpJwtAuthorizer;
  readonly agentAuthorizer: HttpLambdaAuthorizer;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', { description: 'Warden HTTP API', createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: props.removalPolicy });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
      throttle: { rateLimit: 5000, burstLimit: 10000 },
    });

    this.operatorAuthorizer = new HttpJwtAuthorizer('OperatorJwt', props.jwtIssuer, {
      jwtAudience: [props.jwtAudience],
      identitySource: ['$request.header.Authorization'],
    });
    // Results are not cached: a suspension must reach agents within WARDEN_CACHE_STALENESS_SECONDS,
    // and the authorizer keeps its own epoch-checked cache (docs/decisions/api-keys-and-caches.md).
    this.agentAuthorizer = new HttpLambdaAuthorizer('AgentKey', props.functions.invoked('agent-authorizer'), {
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(0),
    });

    const integrations = new Map<string, HttpLambdaIntegration>();
    const integrationFor = (functionId: string) => {
      let integration = integrations.get(functionId);
      if (!integration)
        integrations.set(
          functionId,
          (integration = new HttpLambdaIntegration(`${constructName(functionId)}Integration`, props.functions.invoked(functionId), {
            // One invoke permission per function for this API, not one per route: a stack holds at
            // most 500 resources, and every function answers only its own routes anyway
            // (docs/decisions/cdk-app.md).
            scopePermissionToRoute: false,
          })),
        );
      return integration;
    };
    for (const route of Object.values(ROUTES) as RouteSpec[]) {
      const authorizer = this.authorizerFor(route);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.function),
        ...(authorizer ? { authorizer } : {}),
      });
    }
  }

  private authorizerFor(route: RouteSpec): IHttpRouteAuthorizer | undefined {
    if (route.auth === 'operator') return this.operatorAuthorizer;
    if (route.auth === 'agent') return this.agentAuthorizer;
    return undefined;
  }
}
