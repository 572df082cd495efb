/**
 * Events: the bus; each manifest rule delivering to its consumer with retries and an encrypted
 * dead-letter queue (one for all rules); and each stream flow as an EventBridge Pipe — table stream → enrichment
 * function (turns records into `{source, detailType, detail}`) → bus — so events come from the
 * data written, never from a second write that could fail alone; and each stream consumer as an
 * event source mapping (in order per partition key, retried, then dead-lettered).
 */
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_RULES, STREAM_CONSUMERS, STREAM_FLOWS } from '../../shared/manifest/event-flows';
import type { TableId } from '../../shared/manifest/tables';
import { constructName, type WardenFunctions } from './functions';

export class WardenEvents extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'Warden domain events' });
    this.bus.applyRemovalPolicy(props.removalPolicy);
  }

  /**
   * The rules of the manifest, each to its consumer, sharing one dead-letter queue (each message
   * names its rule and target in its attributes; one queue per rule would spend three of the
   * stack's 500 resources per rule: queue, policy and alarm).
   */
  addRules(functions: WardenFunctions) {
    const deadLetters = new Queue(this, 'RuleDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const spec of EVENT_RULES) {
      const name = constructName(spec.id);
      new Rule(this, `${name}Rule`, {
        eventBus: this.bus,
        description: spec.description,
        eventPattern: spec.pattern as never,
        targets: [
          new LambdaFunction(functions.get(spec.target), {
            deadLetterQueue: deadLetters,
            retryAttempts: 8,
            maxEventAge: Duration.hours(6),
          }),
        ],
      });
    }
  }

  /** The stream flows of the manifest, as pipes from each table's stream to the bus. */
  addPipes(functions: WardenFunctions, tables: Record<TableId, TableV2>) {
    for (const flow of STREAM_FLOWS) {
      const name = constructName(flow.id);
      const table = tables[flow.table];
      const streamArn = table.tableStreamArn;
      if (!streamArn) throw new Error(`Table ${flow.table} has no stream`);
      const enrichment = functions.get(flow.enrichment);
      const deadLetters = new Queue(this, `${name}DeadLetters`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const role = new Role(this, `${name}PipeRole`, {
        assumedBy: new ServicePrincipal('pipes.amazonaws.com'),
        description: `Pipe ${flow.id}: reads the stream, invokes the enrichment, puts events`,
      });
      role.addToPolicy(
        new PolicyStatement({
          actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
          resources: [streamArn],
        }),
      );
      enrichment.grantInvoke(role);
      this.bus.grantPutEventsTo(role);
      deadLetters.grantSendMessages(role);
      const pipe = new CfnPipe(this, `${name}Pipe`, {
        roleArn: role.roleArn,
        source: streamArn,
        sourceParameters: {
          dynamoDbStreamParameters: {
            startingPosition: 'TRIM_HORIZON',
            batchSize: 25,
            maximumBatchingWindowInSeconds: 1,
            maximumRetryAttempts: 10,
            deadLetterConfig: { arn: deadLetters.queueArn },
          },
          filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: [...flow.eventNames] }) }] },
        },
        enrichment: enrichment.functionArn,
        target: this.bus.eventBusArn,
        targetParameters: {
          // The enrichment returns [{source, detailType, detail}]: each element becomes one event.
          inputTemplate: '<$.detail>',
          eventBridgeEventBusParameters: { source: '$.source', detailType: '$.detailType' },
        },
      });
      pipe.node.addDependency(role);
    }
  }

  /**
   * The stream consumers of the manifest: one event source mapping each, sharing one dead-letter
   * queue (Lambda's failure record names the function, the stream and the batch's shard and
   * sequence range; one queue per consumer would spend three of the stack's 500 resources each).
   */
  addStreamConsumers(functions: WardenFunctions, tables: Record<TableId, TableV2>) {
    const deadLetters = new Queue(this, 'StreamConsumerDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const spec of STREAM_CONSUMERS) {
      functions.get(spec.consumer).addEventSource(
        new DynamoEventSource(tables[spec.table], {
          startingPosition: StartingPosition.TRIM_HORIZON,
          // What sets the lag (docs/decisions/stream-consumers.md): a batch waits at most the
          // batching window to fill; each costs one conditional write per counter item it touches
          // (an agent's day for usage, a tenant's bucket for metrics), 16 at a time; and each
          // stream shard (one per table partition, ~1,000 writes/s at most) runs up to
          // `parallelizationFactor` batches at once. Lambda keeps each partition key's records in
          // order across them, and the items keep a position per audit partition key, so two
          // concurrent batches never count a record twice.
          batchSize: spec.batchSize,
          maxBatchingWindow: Duration.seconds(spec.batchingWindowSeconds ?? 1),
          parallelizationFactor: 2,
          retryAttempts: 10,
          bisectBatchOnError: false,
          onFailure: new SqsDlq(deadLetters),
          filters: [FilterCriteria.filter({ eventName: FilterRule.or(...spec.eventNames) })],
        }),
      );
    }
  }
}
