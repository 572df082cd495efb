/**
 * The one-page maturity report for executives: where the tenant stands, how it got there week by
 * week, and what to do next. Rendered as Markdown or as a self-contained HTML page (no scripts;
 * every value escaped).
 */
import { LEVELS, type Assessment } from './maturity-model';

export type ReportFormat = 'html' | 'markdown';

export interface ReportInput {
  readonly tenant: { readonly id: string; readonly name: string };
  readonly assessment: Assessment;
  /** Weekly snapshots, oldest first. */
  readonly history: readonly { readonly week: string; readonly level: number; readonly name: string; readonly score: number }[];
}

/** Next steps the report lists at most (the assessment has them all). */
const MAX_STEPS_SHOWN = 5;

const evidenceText = (evidence: Readonly<Record<string, unknown>>) =>
  Object.entries(evidence)
    .map(([key, value]) => `${key} ${value === null ? '—' : String(value)}`)
    .join(', ');

/** The report's content, independent of the format. */
function outline({ tenant, assessment, history }: ReportInput) {
  return {
    title: `Governance maturity: ${tenant.name}`,
    summary: `Level ${assessment.level} of ${LEVELS.length} (${assessment.name}), score ${assessment.score} of 100, assessed ${assessment.assessedAt.slice(0, 10)}.`,
    levels: LEVELS.map(({ level, name }) => ({
      level,
      name,
      criteria: assessment.criteria.filter((criterion) => criterion.level === level),
    })).filter((entry) => entry.criteria.length > 0),
    history,
    steps: assessment.nextSteps.slice(0, MAX_STEPS_SHOWN),
    moreSteps: Math.max(0, assessment.nextSteps.length - MAX_STEPS_SHOWN),
  };
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdown(input: ReportInput): string {
  const report = outline(input);
  const lines = [`# ${report.title}`, '', report.summary, ''];
  lines.push('## Progress', '');
  if (report.history.length === 0) lines.push('No weekly snapshot yet: the first is taken within the week.', '');
  else {
    lines.push('| week of | level | score |', '| --- | --- | ---: |');
    for (const point of report.history) lines.push(`| ${point.week} | ${point.level} (${point.name}) | ${point.score} |`);
    lines.push('');
  }
  lines.push('## Criteria', '');
  for (const level of report.levels) {
    lines.push(`### Level ${level.level}: ${level.name}`, '', '| | criterion | evidence |', '| --- | --- | --- |');
    for (const criterion of level.criteria)
      lines.push(`| ${criterion.met ? '✓' : '✗'} | ${cell(criterion.title)} | ${cell(evidenceText(criterion.evidence))} |`);
    lines.push('');
  }
  lines.push('## Next steps', '');
  if (report.steps.length === 0) lines.push('Every criterion is met.');
  report.steps.forEach((step, index) => lines.push(`${index + 1}. **${step.title}** (level ${step.level}): ${step.howTo}`));
  if (report.moreSteps > 0) lines.push('', `… and ${report.moreSteps} more in the full assessment.`);
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function html(input: ReportInput): string {
  const report = outline(input);
  const e = escapeHtml;
  const history =
    report.history.length === 0
      ? '<p>No weekly snapshot yet: the first is taken within the week.</p>'
      : `<table><thead><tr><th>week of</th><th>level</th><th>score</th></tr></thead><tbody>${report.history
          .map((point) => `<tr><td>${e(point.week)}</td><td>${point.level} (${e(point.name)})</td><td>${point.score}</td></tr>`)
          .join('')}</tbody></table>`;
  const levels = report.levels
    .map(
      (level) =>
        `<h3>Level ${level.level}: ${e(level.name)}</h3><table><tbody>${level.criteria
          .map(
            (criterion) =>
              `<tr class="${criterion.met ? 'met' : 'unmet'}"><td>${criterion.met ? '✓' : '✗'}</td><td>${e(criterion.title)}</td><td>${e(
                evidenceText(criterion.evidence),
              )}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('');
  const steps =
    report.steps.length === 0
      ? '<p>Every criterion is met.</p>'
      : `<ol>${report.steps.map((step) => `<li><strong>${e(step.title)}</strong> (level ${step.level}): ${e(step.howTo)}</li>`).join('')}</ol>${
          report.moreSteps > 0 ? `<p>… and ${report.moreSteps} more in the full assessment.</p>` : ''
        }`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${e(report.title)}</title>`,
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}',
    'table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}td,th{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left}',
    '.met td:first-child{color:#1a7f37}.unmet td:first-child{color:#cf222e}.summary{font-size:1.2rem}</style>',
    '</head><body>',
    `<h1>${e(report.title)}</h1><p class="summary">${e(report.summary)}</p>`,
    `<h2>Progress</h2>${history}<h2>Criteria</h2>${levels}<h2>Next steps</h2>${steps}`,
    '</body></html>',
    '',
  ].join('\n');
}

/** The report as text, with its media type. */
export function renderReport(input: ReportInput, format: ReportFormat): { body: string; contentType: string } {
  return format === 'html'
    ? { body: html(input), contentType: 'text/html; charset=utf-8' }
    : { body: markdown(input), contentType: 'text/markdown; charset=utf-8' };
}
