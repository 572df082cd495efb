/**
 * JUnit XML, the report format CI systems read (GitHub Actions reporters, GitLab, Jenkins): one
 * suite per file, one case per scenario (or per checked file), with failures and skips.
 */

/** One case of a JUnit report. */
export interface JUnitCase {
  readonly suite: string;
  readonly name: string;
  readonly failure?: string;
  readonly skipped?: string;
}

/** Characters XML 1.0 cannot hold at all (control characters but tab, newline and return): dropped. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

const escapeXml = (text: string): string =>
  text.replace(NOT_XML, '').replace(/[<>&'"]/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[c]};`);

/** The report for `cases`, grouped by suite in the order they first appear. */
export function junitReport(name: string, cases: readonly JUnitCase[]): string {
  const suites = new Map<string, JUnitCase[]>();
  for (const testCase of cases) suites.set(testCase.suite, [...(suites.get(testCase.suite) ?? []), testCase]);
  const count = (list: readonly JUnitCase[], key: 'failure' | 'skipped') => list.filter((testCase) => testCase[key] !== undefined).length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXml(name)}" tests="${cases.length}" failures="${count(cases, 'failure')}" skipped="${count(cases, 'skipped')}">`,
  ];
  for (const [suite, list] of suites) {
    lines.push(
      `  <testsuite name="${escapeXml(suite)}" tests="${list.length}" failures="${count(list, 'failure')}" skipped="${count(list, 'skipped')}">`,
    );
    for (const testCase of list) {
      const open = `    <testcase classname="${escapeXml(suite)}" name="${escapeXml(testCase.name)}"`;
      if (testCase.failure !== undefined)
        lines.push(`${open}>`, `      <failure message="${escapeXml(testCase.failure)}"/>`, '    </testcase>');
      else if (testCase.skipped !== undefined)
        lines.push(`${open}>`, `      <skipped message="${escapeXml(testCase.skipped)}"/>`, '    </testcase>');
      else lines.push(`${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
