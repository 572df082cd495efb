import { describe, expect, it } from 'vitest';
import type { Assessment } from '../../../shared/maturity/maturity-model';
import { renderReport } from '../../../shared/maturity/maturity-report';

const assessment: Assessment = {
  level: 2,
  name: 'foundational',
  score: 41,
  assessedAt: '2026-12-07T06:00:00.000Z',
  criteria: [
    {
      id: 'tenant-policy',
      level: 2,
      title: 'A tenant policy is published',
      howTo: 'Publish one.',
      met: true,
      evidence: { activeVersion: 3 },
    },
    { id: 'test-library', level: 3, title: 'A test library', howTo: 'Write <tests> & run them.', met: false, evidence: { scenarios: 0 } },
  ],
  nextSteps: [{ id: 'test-library', level: 3, title: 'A test library', howTo: 'Write <tests> & run them.' }],
};
const input = {
  tenant: { id: 'acme', name: 'Acme <Support>' },
  assessment,
  history: [
    { week: '2026-11-23', level: 1, name: 'ad hoc', score: 20 },
    { week: '2026-11-30', level: 2, name: 'foundational', score: 41 },
  ],
};

describe('The maturity report', () => {
  it('renders Markdown an executive can read: level, score, progress by week, criteria with evidence, next steps', () => {
    const { body, contentType } = renderReport(input, 'markdown');
    expect(contentType).toBe('text/markdown; charset=utf-8');
    expect(body).toContain('# Governance maturity: Acme <Support>');
    expect(body).toContain('Level 2 of 5 (foundational), score 41 of 100, assessed 2026-12-07.');
    expect(body).toContain('| 2026-11-23 | 1 (ad hoc) | 20 |');
    expect(body).toContain('| ✓ | A tenant policy is published | activeVersion 3 |');
    expect(body).toContain('| ✗ | A test library | scenarios 0 |');
    expect(body).toContain('1. **A test library** (level 3): Write <tests> & run them.');
  });

  it('renders a self-contained HTML page with every value escaped and no script', () => {
    const { body, contentType } = renderReport(input, 'html');
    expect(contentType).toBe('text/html; charset=utf-8');
    expect(body.startsWith('<!doctype html>')).toBe(true);
    expect(body).toContain('<h1>Governance maturity: Acme &lt;Support&gt;</h1>');
    expect(body).toContain('Write &lt;tests&gt; &amp; run them.');
    expect(body).not.toContain('<Support>');
    expect(body).not.toMatch(/<script/i);
    expect(body).toContain('<tr><td>2026-11-30</td><td>2 (foundational)</td><td>41</td></tr>');
  });

  it('says when there is no weekly snapshot yet, and when every criterion is met', () => {
    const done = { ...input, history: [], assessment: { ...assessment, nextSteps: [] } };
    const markdown = renderReport(done, 'markdown').body;
    expect(markdown).toContain('No weekly snapshot yet');
    expect(markdown).toContain('Every criterion is met.');
  });
});
