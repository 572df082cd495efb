/**
 * The tenant access role: the functions' tenant-scoped DynamoDB work runs under this role, assumed
 * with the session tag `tenant=<id>`. Its policy allows items only whose partition key is the
 * tenant id or begins with `<tenant id>#` (dynamodb:LeadingKeys), so even a handler bug cannot read
 * or write another tenant's items (docs/decisions/tenant-isolation.md).
 */
import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, type IGrantable, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export class TenantAccessRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: { tables: readonly TableV2[] }) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new AccountRootPrincipal().withSessionTags(),
      description: 'Tenant-scoped data access: only items whose key begins with the session tag tenant',
      maxSessionDuration: Duration.hours(1),
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ITEM_ACTIONS,
        resources: props.tables.flatMap((table) => [table.tableArn, `${table.tableArn}/index/*`]),
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenant}', '${aws:PrincipalTag/tenant}#*'] },
          StringLike: { 'aws:PrincipalTag/tenant': '?*' },
        },
      }),
    );
  }

  /** Lets `grantee` assume the role with a tenant session tag. */
  grantAssume(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [this.role.roleArn] }));
  }
}
