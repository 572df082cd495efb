/** A time series chart (uPlot: small and fast), sized to its container. */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly colour: string;
}

/** `range`: the window shown (ms), so a sparse series sits where its points belong instead of stretching the axis. */
export function TimeChart({
  title,
  times,
  series,
  range,
  empty = 'Nothing in this window.',
}: {
  title: string;
  empty?: string;
  times: readonly number[];
  series: readonly Series[];
  range?: readonly [number, number];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 280),
        height: 220,
        series: [{}, ...series.map((line) => ({ label: line.label, stroke: line.colour, width: 2 }))],
        axes: [{}, { size: 60 }],
        ...(range ? { scales: { x: { time: true, range: [range[0] / 1000, range[1] / 1000] as [number, number] } } } : {}),
        legend: { show: true },
      },
      [times.map((ms) => ms / 1000), ...series.map((line) => [...line.values])],
      element,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 280), height: 220 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [times, series, range]);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      {times.length === 0 ? <p className="muted">{empty}</p> : <div ref={box} role="img" aria-label={title} />}
    </figure>
  );
}
