import { useLocation, useRoute } from 'preact-iso';
import { RATING_KIND_TABLE, type RatingKind } from '../../contract/rating-kinds.ts';
import { answer, useApi, useResource } from '../api.ts';
import { BarChart, DistributionChart } from '../components/Charts.tsx';
import { Empty, Loaded } from '../components/States.tsx';

const kindName = (kind: string) => RATING_KIND_TABLE[kind as RatingKind]?.name ?? kind;

const PERIODS = [
  { days: 7, label: 'Last 7 days', interval: 'day' },
  { days: 30, label: 'Last 30 days', interval: 'day' },
  { days: 90, label: 'Last 90 days', interval: 'week' },
  { days: 365, label: 'Last 12 months', interval: 'week' },
] as const;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Change against the previous period, said with its direction. */
function Change({ value, unit = '' }: { value: number | null | undefined; unit?: string }) {
  if (value === null || value === undefined) return <span class="change">no earlier figure</span>;
  const rounded = Math.round(value * 10) / 10;
  return (
    <span class={`change ${rounded > 0 ? 'up' : rounded < 0 ? 'down' : ''}`}>
      {rounded > 0 ? '▲ +' : rounded < 0 ? '▼ ' : '± '}
      {rounded}
      {unit} vs the period before
    </span>
  );
}

/** A project's figures for a period, the trend, the distribution, pages and themes. */
export function Insights() {
  const { client } = useApi();
  const { params } = useRoute();
  const { query, route } = useLocation();
  const key = params.key!;
  const period = PERIODS.find((p) => String(p.days) === query.days) ?? PERIODS[1];
  const toDay = Math.floor(Date.now() / 86_400_000) + 1;
  const range = { from: isoDay((toDay - period.days) * 86_400_000), to: isoDay(toDay * 86_400_000) };
  const [stats, retryStats] = useResource(
    () => client.v1.projects[':key'].stats.$get({ param: { key }, query: { ...range, interval: period.interval } }).then(answer),
    [key, period.days],
  );
  const [themes, retryThemes] = useResource(
    () => client.v1.projects[':key'].themes.$get({ param: { key }, query: range }).then(answer),
    [key, period.days],
  );

  return (
    <section class="insights">
      <div class="page-head">
        <h1>Insights</h1>
        <label>
          Period
          <select
            value={period.days}
            onChange={(event) => route(`/admin/projects/${key}/insights?days=${(event.target as HTMLSelectElement).value}`)}
          >
            {PERIODS.map((p) => (
              <option value={p.days}>{p.label}</option>
            ))}
          </select>
        </label>
      </div>
      <Loaded resource={stats} retry={retryStats}>
        {(s) =>
          s.count === 0 && s.previous.count === 0 ? (
            <Empty>No feedback in this period yet.</Empty>
          ) : (
            <>
              <div class="cards">
                <div class="card">
                  <h2>Feedback</h2>
                  <p class="figure">{s.count}</p>
                  <Change value={s.change.count === null ? null : s.change.count * 100} unit="%" />
                </div>
                <div class="card">
                  <h2>With a comment</h2>
                  <p class="figure">{s.commentShare === null ? '—' : `${Math.round(s.commentShare * 100)}%`}</p>
                  <Change value={s.change.commentShare === null ? null : s.change.commentShare * 100} unit=" points" />
                </div>
                {Object.entries(s.ratings).map(([kind, summary]) => (
                  <div class="card">
                    <h2>{kind === 'nps' ? 'NPS' : kind === 'csat' ? 'CSAT' : `Average ${kindName(kind).toLowerCase()}`}</h2>
                    <p class="figure">
                      {summary.nps ? summary.nps.score : summary.csat ? `${summary.csat.score}%` : Math.round(summary.average * 100) / 100}
                    </p>
                    <Change
                      value={kind === 'nps' ? s.change.nps : kind === 'csat' ? s.change.csat : s.change.averages[kind]}
                      unit={kind === 'csat' ? ' points' : ''}
                    />
                    <p class="sub">{summary.count} ratings</p>
                  </div>
                ))}
              </div>
              <BarChart
                title={`Feedback per ${period.interval}`}
                unit="items"
                bars={s.trend.map((point) => ({ label: point.start, value: point.count }))}
              />
              <div class="grid">
                {Object.entries(s.ratings).map(([kind, summary]) => (
                  <DistributionChart
                    title={`${kindName(kind)}: how people rated`}
                    bars={Object.entries(summary.distribution).map(([value, count]) => ({
                      label: kind === 'thumbs' ? (value === '1' ? 'Up' : 'Down') : value,
                      value: count,
                    }))}
                  />
                ))}
              </div>
              <div class="grid">
                <PageTable title="Most feedback" pages={s.pages.mostFeedback} />
                <PageTable title="Best rated pages" pages={s.pages.best} />
                <PageTable title="Worst rated pages" pages={s.pages.worst} />
              </div>
            </>
          )
        }
      </Loaded>
      <h2>Themes</h2>
      <Loaded resource={themes} retry={retryThemes}>
        {(t) =>
          t.themes.length === 0 ? (
            <Empty>No theme stands out in {t.comments} comments.</Empty>
          ) : (
            <ul class="themes">
              {t.themes.map((theme) => (
                <li>
                  <strong>{theme.phrase}</strong> <span class="sub">{theme.count} comments</span>{' '}
                  <span class={`sentiment ${theme.sentiment > 0.15 ? 'up' : theme.sentiment < -0.15 ? 'down' : ''}`}>
                    {theme.sentiment > 0.15 ? 'mostly positive' : theme.sentiment < -0.15 ? 'mostly negative' : 'mixed'}
                  </span>
                  {theme.examples.map((example) => (
                    <q>{example}</q>
                  ))}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function PageTable({
  title,
  pages,
}: {
  title: string;
  pages: { page: string; count: number; rated: number; averageScore: number | null }[];
}) {
  return (
    <table class="pages">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Page</th>
          <th scope="col">Feedback</th>
          <th scope="col">Score</th>
        </tr>
      </thead>
      <tbody>
        {pages.length === 0 ? (
          <tr>
            <td colSpan={3}>Not enough ratings yet.</td>
          </tr>
        ) : (
          pages.map((page) => (
            <tr>
              <td class="url">{page.page}</td>
              <td>{page.count}</td>
              <td>{page.averageScore === null ? '—' : `${Math.round(page.averageScore * 100)}%`}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}
