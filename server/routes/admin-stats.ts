import { ApiError } from '../errors.ts';
import { ProjectKeyParamSchema } from '../schemas/project.ts';
import { normalisedScore } from '../../contract/rating-kinds.ts';
import { extractThemes } from '../digest/themes.ts';
import { StatsQuerySchema, StatsSchema, ThemesQuerySchema, ThemesSchema } from '../schemas/stats.ts';
import { change, DAY_MS, isoDay, summarisePeriod, trend } from '../stats/summarise.ts';
import type { FeedbackStore, TokenStore, ProjectStore, StatsStore } from '../store/store.ts';
import { adminRoute, createApiRouter, findAdminProject, jsonResponse } from './api-router.ts';

const MAX_DAYS = 731;
/** Pages listed per ranking, and the ratings a page needs before it is ranked best or worst. */
const PAGES = { limit: 5, minRated: 3 };

/** Comments read for a period's themes: the newest, enough for the picture, bounded in time and memory. */
const THEME_COMMENTS = 2000;

/** A period query's days (UTC days since the epoch); the 30 days up to today by default. */
function periodDays(query: { from?: string; to?: string }, now: number): { fromDay: number; toDay: number } {
  const toDay = query.to ? Date.parse(query.to) / DAY_MS : Math.floor(now / DAY_MS) + 1;
  const fromDay = query.from ? Date.parse(query.from) / DAY_MS : toDay - 30;
  if (fromDay >= toDay || toDay - fromDay > MAX_DAYS) {
    throw new ApiError('invalid_payload', 'The period is not valid; see issues.', {
      issues: [{ path: 'to', message: `to must be after from, at most ${MAX_DAYS} days later.` }],
    });
  }
  return { fromDay, toDay };
}

/**
 * `GET /v1/projects/:key/stats`: a period's figures against the period before it, read from the
 * daily rollups; `GET /v1/projects/:key/themes`: what its comments talk about (the digest's themes).
 */
export function adminStatsRoutes({ store, now }: { store: TokenStore & ProjectStore & StatsStore & FeedbackStore; now: () => number }) {
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
        const { fromDay, toDay } = periodDays(query, now());
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
    )
    .openapi(
      adminRoute(store, 'read', {
        method: 'get',
        path: '/projects/{key}/themes',
        tags: ['Feedback'],
        summary: 'Themes of a period’s comments',
        description: `The phrases the period's comments share most, each with how many comments mention it, their average sentiment (-1..1) and short examples: the digest's themes, from the newest ${THEME_COMMENTS} comments. Days are UTC.`,
        request: { params: ProjectKeyParamSchema, query: ThemesQuerySchema },
        responses: { 200: jsonResponse(ThemesSchema, 'The themes.') },
      }),
      async (c) => {
        const project = await findAdminProject(store, c.req.valid('param').key, now());
        const { fromDay, toDay } = periodDays(c.req.valid('query'), now());
        const page = await store.listFeedback(project.id, {
          limit: THEME_COMMENTS,
          filter: { from: fromDay * DAY_MS, to: toDay * DAY_MS, hasComment: true },
        });
        const comments = page.items.map((item) => ({
          text: item.comment!,
          locale: item.context.locale,
          rating: item.rating && normalisedScore(item.rating.kind, item.rating.value),
        }));
        c.header('Cache-Control', 'no-store');
        return c.json(
          { from: isoDay(fromDay), to: isoDay(toDay), comments: comments.length, themes: extractThemes(comments, { limit: 12 }) },
          200,
        );
      },
    );
}
