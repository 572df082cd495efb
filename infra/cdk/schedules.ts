/**
 * The manifest's periodic jobs as EventBridge Scheduler schedules: each invokes its function with
 * `{scheduleId, scheduledAt}` (the time it was due), retries twice and dead-letters to an
 * encrypted queue all schedules share. The Scheduler's role may invoke only the schedule's own function.
 */
import { Duration } from 'aws-cdk-lib';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduledInvocation, ScheduleSpec } from '../../shared/manifest/schedules';
import { constructName, type WardenFunctions } from './functions';

export interface SchedulesProps {
  readonly functions: WardenFunctions;
  readonly schedules: readonly ScheduleSpec[];
}

export class WardenSchedules extends Construct {
  readonly byId = new Map<string, Schedule>();

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    // One dead-letter queue for every schedule: a message names its schedule (its input's scheduleId).
    const deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const spec of props.schedules) {
      const name = constructName(spec.id);
      const input: ScheduledInvocation = { scheduleId: spec.id, scheduledAt: ContextAttribute.scheduledTime };
      const schedule = new Schedule(this, name, {
        description: spec.description,
        schedule: ScheduleExpression.expression(spec.rate),
        target: new LambdaInvoke(props.functions.get(spec.target), {
          input: ScheduleTargetInput.fromObject(input),
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: deadLetters,
        }),
      });
      this.byId.set(spec.id, schedule);
    }
  }
}
