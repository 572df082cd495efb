/**
 * The web console on AWS: the single-page app (`web/dist`, built by `npm run build:web`) in a private
 * bucket that only CloudFront may read (Origin Access Control), served with security headers and
 * with the HTTP API on the same origin (`/v1/*`, `/openapi.json`, never cached), so the app needs
 * no CORS. `/config.json` tells the app the OpenID Connect issuer and client it signs in with
 * (docs/decisions/console-hosting.md).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';

const ROOT = join(import.meta.dirname, '../..');

/** Where `npm run build:web` writes the app. */
export const WEB_DIST = join(ROOT, 'web/dist');

/** The paths the HTTP API answers on the console's origin; everything else is the app. */
export const API_PATHS = ['/v1/*', '/openapi.json'] as const;

/** The scopes the console asks the identity provider for. */
export const CONSOLE_OIDC_SCOPES = ['openid', 'profile', 'email'] as const;

/**
 * Viewer-request function of the app's behaviour (CloudFront Functions, JS 2.0): a path whose last
 * segment has no extension is a client-side route (`/agents/a-1`), so it gets `/index.html`; files
 * (`/assets/app.js`, `/config.json`) pass. API behaviours never run it, so their 403/404 stay theirs.
 */
export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** What `/config.json` holds: the console's runtime configuration. */
export interface ConsoleRuntimeConfig {
  readonly mode: 'oidc';
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scopes: readonly string[] };
}

/**
 * The Content-Security-Policy of every response: scripts and styles only from the console's own
 * origin (no inline script), API calls to the same origin, and the identity provider's origin for
 * discovery, the token request and the sign-in redirect.
 */
export function consoleContentSecurityPolicy(issuer: string): string {
  const idp = new URL(issuer).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${idp}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    `form-action 'self' ${idp}`,
    "object-src 'none'",
  ].join('; ');
}

export interface ConsoleProps {
  /** The API served on the console's origin under `API_PATHS`. */
  readonly api: IHttpApi;
  /** Receives the bucket's server access logs and the distribution's standard logs (ACLs enabled). */
  readonly accessLogs: IBucket;
  readonly removalPolicy: RemovalPolicy;
  /** Issuer and client the console signs in with (authorization code + PKCE). */
  readonly oidc: { readonly issuer: string; readonly clientId: string };
  /** Where the deployment function logs (the functions' shared log group, which has a retention). */
  readonly logGroup?: ILogGroup;
  /** The built app; defaults to `web/dist`. Without its index.html only config.json is deployed. */
  readonly distDir?: string;
}

/** The console's bucket, distribution and deployment (docs/decisions/console-hosting.md). */
export class WardenConsole extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly spaRewrite: CloudFrontFunction;
  readonly headers: ResponseHeadersPolicy;
  /** The deployments of the app's files (its hashed assets, then index.html and config.json). */
  readonly deployments: BucketDeployment[] = [];
  readonly runtimeConfig: ConsoleRuntimeConfig;

  constructor(scope: Construct, id: string, props: ConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: props.removalPolicy,
    });

    this.headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'Warden console: CSP without inline scripts, HSTS, no framing, no sniffing',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleContentSecurityPolicy(props.oidc.issuer), override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });
    this.spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Warden console: client-side routes get /index.html',
      code: FunctionCode.fromInline(SPA_REWRITE_CODE),
      runtime: FunctionRuntime.JS_2_0,
    });

    const apiOrigin = new HttpOrigin(`${props.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // Never cached; every viewer header but Host (API Gateway routes by its own host) reaches the
    // API, the Authorization header included.
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.headers,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Warden console and API',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'console-cdn/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        functionAssociations: [{ function: this.spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(API_PATHS.map((path) => [path, apiBehavior])),
    });

    this.runtimeConfig = {
      mode: 'oidc',
      oidc: { issuer: props.oidc.issuer, clientId: props.oidc.clientId, scopes: [...CONSOLE_OIDC_SCOPES] },
    };
    this.deploy(props);
  }

  /**
   * The app's hashed assets first (cached for a year: a new build has new names), then index.html and
   * config.json (revalidated on every load, so a deployment takes effect at once), then the
   * distribution invalidated. Neither prunes: a tab still open on the previous build can load its chunks.
   */
  private deploy(props: ConsoleProps) {
    const distDir = props.distDir ?? WEB_DIST;
    const built = existsSync(join(distDir, 'index.html'));
    const common = { destinationBucket: this.bucket, prune: false, ...(props.logGroup ? { logGroup: props.logGroup } : {}) };
    const app = built ? Source.asset(distDir, { exclude: ['config.json'] }) : undefined;
    if (app) {
      this.deployments.push(
        new BucketDeployment(this, 'Assets', {
          ...common,
          sources: [app],
          exclude: ['index.html'],
          cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
        }),
      );
    } else {
      Annotations.of(this).addWarningV2('warden:console-not-built', 'web/dist is missing: run npm run build:web before cdk deploy');
    }
    const entry = new BucketDeployment(this, 'Entry', {
      ...common,
      sources: [...(app ? [app] : []), Source.jsonData('config.json', this.runtimeConfig)],
      exclude: ['*'],
      include: ['index.html', 'config.json'],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    for (const earlier of this.deployments) entry.node.addDependency(earlier);
    this.deployments.push(entry);
  }
}
