// One cold start, in this fresh process: imports the bundle given as argv[2] and invokes its
// handler once with the event in the JSON file argv[3]. Prints one line, `@@cold-start {json}`:
// importMs (module loading and top-level work), invokeMs (the first invocation), ok (it answered
// without throwing, and not with a 5xx).
const [bundle, eventFile] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const event = JSON.parse(readFileSync(eventFile, 'utf8'));
const context = {
  functionName: 'cold-start',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:cold-start',
  memoryLimitInMB: '512',
  awsRequestId: 'cold-start-request',
  logGroupName: '/aws/lambda/cold-start',
  logStreamName: 'cold-start',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 10_000,
  done() {},
  fail() {},
  succeed() {},
};
const started = performance.now();
const { handler } = await import(bundle);
const imported = performance.now();
let ok = true;
let detail;
try {
  const result = await handler(event, context);
  if (result && typeof result.statusCode === 'number' && result.statusCode >= 500) {
    ok = false;
    detail = result.body;
  }
} catch (error) {
  ok = false;
  detail = String(error?.stack ?? error);
}
const invoked = performance.now();
process.stdout.write(`\n@@cold-start ${JSON.stringify({ importMs: imported - started, invokeMs: invoked - imported, ok, detail })}\n`);
process.exit(0);
