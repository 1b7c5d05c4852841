import { ApiError } from '../errors.ts';
import { ProjectKeyParamSchema } from '../schemas/project.ts';
import { StatsQuerySchema, StatsSchema } from '../schemas/stats.ts';
import { change, DAY_MS, isoDay, summarisePeriod, trend } from '../stats/summarise.ts';
import type { Store } from '../store/store.ts';
import { adminRoute, createApiRouter, findAdminProject, jsonResponse } from './api-router.ts';

const MAX_DAYS = 731;
/** Pages listed per ranking, and the ratings a page needs before it is ranked best or worst. */
const PAGES = { limit: 5, minRated: 3 };

/** `GET /v1/projects/:key/stats`: a period's figures against the period before it, read from the daily rollups. */
export function adminStatsRoutes({ store, now }: { store: Store; now: () => number }) {
  return createApiRouter()
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}/stats',
        tags: ['Feedback'],
        summary: 'Figures for a period',
        description:
          'Count, comment share, average, distribution, NPS and CSAT per rating kind, a daily or weekly trend, the pages with most feedback and the best and worst rated ones, and the change against the previous period of the same length. Days are UTC.',
        request: { params: ProjectKeyParamSchema, query: StatsQuerySchema },
        responses: { 200: jsonResponse(StatsSchema, 'The figures.') },
      }),
      async (c) => {
        const project = await findAdminProject(store, c.req.valid('param').key, now());
        const query = c.req.valid('query');
        const toDay = query.to ? Date.parse(query.to) / DAY_MS : Math.floor(now() / DAY_MS) + 1;
        const fromDay = query.from ? Date.parse(query.from) / DAY_MS : toDay - 30;
        if (fromDay >= toDay || toDay - fromDay > MAX_DAYS) {
          throw new ApiError(400, 'invalid_payload', 'The period is not valid; see issues.', [
            { path: 'to', message: `to must be after from, at most ${MAX_DAYS} days later.` },
          ]);
        }
        const previousFrom = fromDay - (toDay - fromDay);
        const [rows, pages] = await Promise.all([
          store.dailyRatingCounts(project.id, previousFrom, toDay),
          store.pageRanking(project.id, fromDay, toDay, PAGES),
        ]);
        const currentRows = rows.filter((row) => row.day >= fromDay);
        const current = summarisePeriod(currentRows);
        const previous = summarisePeriod(rows.filter((row) => row.day < fromDay));
        c.header('Cache-Control', 'no-store');
        return c.json(
          {
            from: isoDay(fromDay),
            to: isoDay(toDay),
            interval: query.interval,
            ...current,
            trend: trend(currentRows, fromDay, toDay, query.interval),
            pages,
            previous: { from: isoDay(previousFrom), to: isoDay(fromDay), ...previous },
            change: change(current, previous),
          },
          200,
        );
      },
    );
}
