/**
 * Operations: the alarms that page someone and the dashboard they look at. Alarms go to one SNS
 * topic (encrypted with a key of its own, which CloudWatch may use; TLS only):
 * - the API's 5xx rate above 1 % for two 5-minute periods;
 * - a stream consumer's iterator age above a minute for three minutes (the rollups or metering
 *   falling behind the audit);
 * - any message in any dead-letter queue of the stack (a consumer, rule or schedule gave up);
 * - any Lambda throttle in the account's region (Warden's functions share its concurrency).
 * The dashboard shows the same, with the fleet's decisions from the metrics rollup (`Warden`
 * namespace, EMF).
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { STREAM_CONSUMERS } from '../../shared/manifest/event-flows';
import { constructName, type WardenFunctions } from './functions';

export interface OperationsProps {
  readonly functions: WardenFunctions;
  readonly api: HttpApi;
  readonly removalPolicy: RemovalPolicy;
}

const FIVE_MINUTES = Duration.minutes(5);

export class WardenOperations extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Warden alarm topic',
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopic = new Topic(this, 'AlarmTopic', { displayName: 'Warden alarms', masterKey: key, enforceSSL: true });
    const action = new SnsAction(this.alarmTopic);
    const alarm = (name: string, options: ConstructorParameters<typeof Alarm>[2]) => {
      const created = new Alarm(this, name, { treatMissingData: TreatMissingData.NOT_BREACHING, ...options });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    const requests = props.api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const serverErrors = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errorRate = new MathExpression({
      expression: '100 * errors / MAX([requests, 1])',
      usingMetrics: { errors: serverErrors, requests },
      label: '5xx %',
      period: FIVE_MINUTES,
    });
    alarm('ServerErrorRate', {
      alarmDescription: 'The API answers more than 1 % of requests with a 5xx',
      metric: errorRate,
      threshold: 1,
      evaluationPeriods: 2,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const iteratorAges = STREAM_CONSUMERS.map((consumer) =>
      props.functions
        .get(consumer.consumer)
        .metric('IteratorAge', { statistic: 'Maximum', period: Duration.minutes(1), label: consumer.id }),
    );
    // One alarm on the slowest consumer (an alarm per consumer would spend a resource each).
    alarm('StreamConsumersIteratorAge', {
      alarmDescription: `A consumer of the audit stream (${STREAM_CONSUMERS.map((consumer) => consumer.id).join(', ')}) is more than a minute behind`,
      metric: new MathExpression({
        expression: `MAX([${iteratorAges.map((_, index) => `age${index}`).join(', ')}])`,
        usingMetrics: Object.fromEntries(iteratorAges.map((metric, index) => [`age${index}`, metric])),
        period: Duration.minutes(1),
        label: 'slowest stream consumer',
      }),
      threshold: 60_000,
      evaluationPeriods: 3,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const queues = scope.node.findAll().filter((construct): construct is Queue => construct instanceof Queue);
    const deadLetterDepths = queues.map((queue) => {
      const metric = queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' });
      alarm(`DeadLetters${queue.node.path.replace(/[^A-Za-z0-9]/g, '')}`, {
        alarmDescription: `Messages wait in the dead-letter queue ${queue.node.path}`,
        metric,
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
      return metric;
    });

    const throttles = new Metric({ namespace: 'AWS/Lambda', metricName: 'Throttles', statistic: 'Sum', period: FIVE_MINUTES });
    alarm('LambdaThrottles', {
      alarmDescription: 'Lambda throttled invocations in this region (Warden functions share its concurrency)',
      metric: throttles,
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    const warden = (metricName: string, statistic = 'Sum'): IMetric =>
      new Metric({ namespace: 'Warden', metricName, dimensionsMap: { service: 'warden' }, statistic, period: Duration.minutes(1) });
    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${constructName('warden')}-operations` });
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Decisions', left: [warden('Decisions'), warden('Denied'), warden('ApprovalsRequired')], width: 12 }),
      new GraphWidget({
        title: 'Decision latency (ms)',
        left: [warden('DecisionLatency', 'p50'), warden('DecisionLatency', 'p99')],
        width: 12,
      }),
      new GraphWidget({ title: 'API requests and 5xx %', left: [requests], right: [errorRate], width: 12 }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [props.api.metricLatency({ statistic: 'p99', period: FIVE_MINUTES })],
        width: 12,
      }),
      new GraphWidget({ title: 'Stream consumers: iterator age (ms)', left: iteratorAges, width: 12 }),
      new GraphWidget({ title: 'Dead letters waiting', left: deadLetterDepths, width: 12 }),
      new GraphWidget({ title: 'Lambda throttles', left: [throttles], width: 12 }),
    );
  }
}
