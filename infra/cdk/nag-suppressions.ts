/**
 * cdk-nag AwsSolutions findings Warden acknowledges, each with its reason. Anything else fails
 * synthesis (and the infra test). Wildcard (IAM5) findings are acknowledged one by one, so a new
 * wildcard anywhere still fails.
 */
import { type CfnResource, DefaultStackSynthesizer, type Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** Rule (or finding) id → why Warden accepts it. */
export const ACKNOWLEDGED_RULES: Readonly<Record<string, string>> = {
  'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
    'Lambda functions use AWSLambdaBasicExecutionRole, the AWS-managed minimum for writing their own logs.',
  'AwsSolutions::AwsSolutions-IAM5[Resource::*]':
    'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions; "*" is the only resource they accept.',
  'AwsSolutions-APIG4':
    'Only GET /health and GET /openapi.json are unauthenticated, by design (API.md); every other route has an authorizer.',
  'AwsSolutions-SMG4':
    'The cursor HMAC key is not rotated automatically: rotation would invalidate every pagination cursor in flight; rotate it by redeploying in a maintenance window.',
  'AwsSolutions-SQS3': 'These queues are the dead-letter queues themselves.',
};

/** Rule id → why Warden accepts it for the console's CloudFront distribution (console-hosting.md). */
export const ACKNOWLEDGED_DISTRIBUTION_RULES: Readonly<Record<string, string>> = {
  'AwsSolutions::AwsSolutions-CFR1':
    'Operators sign in from wherever they work, so the console has no geographic restriction; add one to the distribution where your organisation requires it.',
  'AwsSolutions::AwsSolutions-CFR2':
    'No WAF web ACL by default (it costs per month and per rule): the console is static files, every API route but health and OpenAPI needs a JWT or agent key, and the API stage throttles. Attach a web ACL where policy requires one.',
  'AwsSolutions::AwsSolutions-CFR4':
    'The distribution uses the default CloudFront certificate (*.cloudfront.net), whose minimum TLS version cannot be set; give a domain and certificate to raise the minimum TLS version.',
};

const arnRef = (stack: Stack, construct: IConstruct) => `<${stack.getLogicalId(construct.node.defaultChild as CfnResource)}.Arn>`;

/**
 * Acknowledges the findings above, plus index wildcards of `tables`, version wildcards of
 * `invokedFunctions` and execution wildcards of `stateMachines`; on the console's distributions
 * only, the CloudFront findings above; on BucketDeployment handlers only, their wildcards and runtime.
 */
export function acknowledgeNagFindings(
  stack: Stack,
  resources: {
    tables: readonly IConstruct[];
    invokedFunctions: readonly IConstruct[];
    stateMachines: readonly IConstruct[];
    buckets: readonly IConstruct[];
    accessLogBuckets: readonly IConstruct[];
    distributions: readonly IConstruct[];
    /** BucketDeployment handlers (their role's scope) with the bucket each deploys to. */
    deploymentHandlers: readonly { handler: IConstruct; bucket: IConstruct }[];
  },
) {
  const acknowledge = (id: string, reason: string) => Validations.of(stack).acknowledge({ id, reason });
  for (const [id, reason] of Object.entries(ACKNOWLEDGED_RULES)) acknowledge(id, reason);
  for (const table of resources.tables) {
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[Resource::${arnRef(stack, table)}/index/*]`,
      'Access to a table Warden grants includes its indexes (<table>/index/*); the table itself is named.',
    );
  }
  for (const fn of resources.invokedFunctions) {
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[Resource::${arnRef(stack, fn)}:*]`,
      'Invoking a named function includes its versions and aliases (<function>:*).',
    );
  }
  for (const bucket of resources.buckets) {
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[Resource::${arnRef(stack, bucket)}/*]`,
      'Objects of a named bucket (<bucket>/*): keys are per tenant and period, known only at run time.',
    );
  }
  for (const bucket of resources.accessLogBuckets) {
    Validations.of(bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server access log bucket itself; logging it to itself would loop.',
    });
  }
  for (const distribution of resources.distributions) {
    for (const [id, reason] of Object.entries(ACKNOWLEDGED_DISTRIBUTION_RULES)) Validations.of(distribution).acknowledge({ id, reason });
  }
  for (const { handler, bucket } of resources.deploymentHandlers) {
    const copy =
      "aws-cdk-lib's BucketDeployment handler copies the app from the CDK asset bucket into its bucket with the grants aws-cdk-lib gives it";
    const assets = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-<AWS::Region>`;
    Validations.of(handler).acknowledge(
      ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Action::${action}]`,
        reason: `${copy} (read the asset, write and replace the objects).`,
      })),
      {
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assets}/*]`,
        reason: `${copy}: assets are keyed by their hash, known only at synthesis.`,
      },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::${arnRef(stack, bucket)}/*]`, reason: `${copy}: every object of the app.` },
      {
        id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
        reason: `${copy}, then invalidates the distribution: aws-cdk-lib grants cloudfront:CreateInvalidation and GetInvalidation on "*".`,
      },
      {
        id: 'AwsSolutions::AwsSolutions-L1',
        reason: "The BucketDeployment handler's runtime is aws-cdk-lib's choice (Python), not ours; it moves with aws-cdk-lib upgrades.",
      },
    );
  }
  for (const machine of resources.stateMachines) {
    const logicalId = stack.getLogicalId(machine.node.defaultChild as CfnResource);
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId}"}]}]}:*]`,
      'Stopping an execution of the named state machine: execution ARNs are <machine>:<approval id>, known only at run time.',
    );
  }
}
