import { describe, expect, it } from 'vitest';
import { junitReport } from '../../../cli/policy-as-code/junit';

describe('junitReport', () => {
  it('groups cases by file and counts failures and skips per suite and in all', () => {
    const xml = junitReport('warden policy test', [
      { suite: 'tests/a.yaml', name: 'reads' },
      { suite: 'tests/a.yaml', name: 'deletes', failure: 'expected deny, got allow' },
      { suite: 'tests/b.yaml', name: 'by id', skipped: 'needs the server' },
    ]);
    expect(xml).toContain('<testsuites name="warden policy test" tests="3" failures="1" skipped="1">');
    expect(xml).toContain('<testsuite name="tests/a.yaml" tests="2" failures="1" skipped="0">');
    expect(xml).toContain('<testsuite name="tests/b.yaml" tests="1" failures="0" skipped="1">');
    expect(xml).toContain('<failure message="expected deny, got allow"/>');
    expect(xml).toContain('<skipped message="needs the server"/>');
  });

  it('escapes markup and drops characters XML cannot hold, so a scenario name cannot break the report', () => {
    const xml = junitReport('x', [{ suite: 's', name: '"><script>&\u0001', failure: "it's <b>" }]);
    expect(xml).toContain('name="&quot;&gt;&lt;script&gt;&amp;"');
    expect(xml).toContain('message="it&apos;s &lt;b&gt;"');
    expect(xml).not.toContain('\u0001');
  });
});
