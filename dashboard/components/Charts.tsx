/**
 * Charts as plain SVG rather than a chart library: a few bars and labels, coloured by the theme's
 * CSS variables (light and dark), with the figures also in a table for screen readers and for
 * anyone who wants the numbers. uPlot draws on a canvas, which gives assistive technology nothing.
 */

export interface Bar {
  label: string;
  value: number;
}

/** Vertical bars over time (a trend); the table below carries the same data. */
export function BarChart({ title, bars, unit }: { title: string; bars: Bar[]; unit: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const width = Math.max(bars.length * 14, 280);
  const height = 160;
  const barWidth = width / Math.max(bars.length, 1);
  const total = bars.reduce((sum, bar) => sum + bar.value, 0);
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${title}: ${total} ${unit} over ${bars.length} periods, at most ${max} in one.`}
        preserveAspectRatio="none"
      >
        <line x1="0" y1={height} x2={width} y2={height} class="axis" />
        {bars.map((bar, index) => {
          const h = (bar.value / max) * (height - 10);
          return (
            <rect x={index * barWidth + 1} y={height - h} width={Math.max(barWidth - 2, 1)} height={h} class="bar">
              <title>{`${bar.label}: ${bar.value}`}</title>
            </rect>
          );
        })}
      </svg>
      <div class="ticks" aria-hidden="true">
        <span>{bars[0]?.label}</span>
        <span>{bars.at(-1)?.label}</span>
      </div>
      <DataTable caption={title} rows={bars.map((bar) => [bar.label, String(bar.value)])} head={['Period', unit]} />
    </figure>
  );
}

/** Horizontal bars, one per rating value (a distribution). */
export function DistributionChart({ title, bars }: { title: string; bars: Bar[] }) {
  const total = Math.max(
    1,
    bars.reduce((sum, bar) => sum + bar.value, 0),
  );
  return (
    <figure class="chart distribution">
      <figcaption>{title}</figcaption>
      <ul aria-label={title}>
        {bars.map((bar) => (
          <li>
            <span class="label">{bar.label}</span>
            <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect x="0" y="0" width={(bar.value / total) * 100} height="10" class="bar" />
            </svg>
            <span class="value">
              {bar.value} ({Math.round((bar.value / total) * 100)}%)
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  return (
    <details class="data">
      <summary>Show the numbers</summary>
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((cell) => (
              <th scope="col">{cell}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              {row.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
