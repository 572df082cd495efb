/**
 * `npm run cost` — what a million audited decisions cost on AWS, single and in batches of 100, by
 * service, from bench/cost/prices.json, assumptions.json and measured.json; the goals, the levers
 * that would meet them, and the comparison with Amazon Verified Permissions and Bedrock AgentCore
 * Policy. `npm run cost -- --measure` measures first (DynamoDB Local, about a minute) and rewrites
 * measured.json. docs/cost.md explains every line.
 */
import { loadAssumptions, loadMeasured, loadPrices } from './cost-inputs';
import { measureToFile } from './measure';
import { renderReport } from './cost-report';

if (process.argv.includes('--measure')) {
  await measureToFile();
  console.log('measured: bench/cost/measured.json written');
}
console.log(renderReport({ prices: loadPrices(), assumptions: loadAssumptions(), measured: loadMeasured() }));
