/**
 * cdk-nag AwsSolutions findings Warden acknowledges, each with its reason. Anything else fails
 * synthesis (and the infra test). Wildcard (IAM5) findings are acknowledged one by one, so a new
 * wildcard anywhere still fails.
 */
import { type CfnResource, type Stack, Validations } from 'aws-cdk-lib';
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

const arnRef = (stack: Stack, construct: IConstruct) => `<${stack.getLogicalId(construct.node.defaultChild as CfnResource)}.Arn>`;

/**
 * Acknowledges the findings above, plus index wildcards of `tables`, version wildcards of
 * `invokedFunctions` and execution wildcards of `stateMachines`.
 */
export function acknowledgeNagFindings(
  stack: Stack,
  resources: {
    tables: readonly IConstruct[];
    invokedFunctions: readonly IConstruct[];
    stateMachines: readonly IConstruct[];
    buckets: readonly IConstruct[];
    accessLogBuckets: readonly IConstruct[];
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
  for (const machine of resources.stateMachines) {
    const logicalId = stack.getLogicalId(machine.node.defaultChild as CfnResource);
    acknowledge(
      `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId}"}]}]}:*]`,
      'Stopping an execution of the named state machine: execution ARNs are <machine>:<approval id>, known only at run time.',
    );
  }
}
