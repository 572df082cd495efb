/** Governance maturity: the level, every criterion with its evidence, the next steps, and the weekly history. */
import { useMemo } from 'react';
import { api, read } from '../api/client';
import type { Maturity } from '../api/types';
import { DataTable } from '../components/data-table';
import { ErrorNote, Figure, Loading } from '../components/parts';
import { TimeChart } from '../components/time-chart';
import { useApi } from '../components/use-api';

export function MaturityView({ tenantId }: { tenantId: string }) {
  const maturity = useApi(
    () => read<Maturity>(api.GET('/v1/tenants/{tenantId}/maturity', { params: { path: { tenantId }, query: { history: 'true' } } })),
    [tenantId],
  );
  const value = maturity.value;
  const history = useMemo(() => {
    const points = value?.history ?? [];
    return {
      times: points.map((point) => Date.parse(`${point.week}T00:00:00Z`)),
      lines: [{ label: 'level', values: points.map((point) => point.level), colour: '#2457a6' }],
    };
  }, [value]);
  return (
    <section aria-labelledby="maturity-title">
      <header className="view-header">
        <h1 id="maturity-title">Governance maturity</h1>
      </header>
      <ErrorNote error={maturity.error} />
      <Loading when={maturity.loading && !value} />
      {value ? (
        <>
          <div className="figures">
            <Figure label="Level" value={`${value.level} of 5`} hint={value.name} />
            <Figure label="Score" value={`${value.score} of 100`} />
            <Figure
              label="Criteria met"
              value={`${value.criteria.filter((criterion) => criterion.met).length} of ${value.criteria.length}`}
            />
          </div>
          <h2>Next steps</h2>
          <ol>
            {value.nextSteps.map((step) => (
              <li key={step.id}>
                <strong>{step.title}</strong> (level {step.level}): {step.howTo}
              </li>
            ))}
          </ol>
          {value.nextSteps.length === 0 ? <p className="muted">Every criterion is met.</p> : null}
          <TimeChart
            title="Level week by week"
            times={history.times}
            series={history.lines}
            empty="No weekly snapshot yet: the first comes within the hour."
          />
          <h2>Criteria</h2>
          <DataTable
            rows={value.criteria}
            keyOf={(criterion) => criterion.id}
            columns={[
              { label: 'Level', cell: (criterion) => criterion.level },
              { label: 'Criterion', cell: (criterion) => criterion.title },
              { label: 'Met', cell: (criterion) => (criterion.met ? 'yes' : 'no') },
              { label: 'Evidence', cell: (criterion) => <code>{JSON.stringify(criterion.evidence)}</code> },
            ]}
          />
        </>
      ) : null}
    </section>
  );
}
