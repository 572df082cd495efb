/**
 * The tenant access role: tenant-scoped functions reach DynamoDB only under this role (their own
 * credentials have no table access; see FunctionSpec.crossTenant). Assumed with the session tag
 * `tenant=<id>`, it allows items only whose partition key is the tenant id or begins with
 * `<tenant id>#` (dynamodb:LeadingKeys), so even a handler bug cannot read or write another
 * tenant's items. Assumed with or without a tag, it also allows reading the partitions every
 * tenant may read — the org's policies and platform items — and nothing else of them
 * (docs/decisions/tenant-isolation.md).
 */
import { Duration } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { AccountRootPrincipal, type IGrantable, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { TableId } from '../../shared/manifest/tables';
import { SHARED_READ_ACTIONS, SHARED_READ_PARTITIONS } from './shared-read-partitions';

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

  constructor(scope: Construct, id: string, props: { tables: Readonly<Record<TableId, TableV2>> }) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new AccountRootPrincipal().withSessionTags(),
      description: 'Tenant-scoped data access: only items whose key begins with the session tag tenant; reads of org and platform items',
      maxSessionDuration: Duration.hours(1),
    });
    const tables = Object.values(props.tables);
    this.role.addToPolicy(
      new PolicyStatement({
        sid: 'TenantItems',
        actions: ITEM_ACTIONS,
        resources: tables.flatMap((table) => [table.tableArn, `${table.tableArn}/index/*`]),
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['${aws:PrincipalTag/tenant}', '${aws:PrincipalTag/tenant}#*'] },
          StringLike: { 'aws:PrincipalTag/tenant': '?*' },
          // A tag in the shared namespace (`~org`) would make the org's partitions "its own".
          StringNotLike: { 'aws:PrincipalTag/tenant': ['~*', '*#*'] },
        },
      }),
    );
    for (const [tableId, partitions] of Object.entries(SHARED_READ_PARTITIONS) as [TableId, readonly string[]][]) {
      this.role.addToPolicy(
        new PolicyStatement({
          sid: `SharedReads${tableId[0]!.toUpperCase()}${tableId.slice(1)}`,
          actions: [...SHARED_READ_ACTIONS],
          resources: [props.tables[tableId].tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } },
        }),
      );
    }
  }

  /** Lets `grantee` assume the role, with a tenant session tag or without one. */
  grantAssume(grantee: IGrantable) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sts:AssumeRole', 'sts:TagSession'], resources: [this.role.roleArn] }),
    );
  }
}
