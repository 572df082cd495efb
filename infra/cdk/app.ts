/**
 * The CDK app (`cdk.json`: `npx tsx infra/cdk/app.ts`): one stack, checked by cdk-nag's
 * AwsSolutions rules on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings';
import { WardenStack } from './warden-stack';

const app = new App();
new WardenStack(
  app,
  'Warden',
  readSettings((key) => app.node.tryGetContext(key)),
);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
