import { normalisedScore, RATING_KINDS } from '../../contract/rating-kinds.ts';
import { isVerifiedPage, originsOf } from '../projects/origins.ts';
import { summarisePeriod, type KindSummary } from '../stats/summarise.ts';
import type { FeedbackRecord, FeedbackStore, Project } from '../store/store.ts';
import type { Digest, DigestComment, DigestPage, DigestRating } from './digest.ts';
import type { Summarise } from './llm-summary.ts';
import { extractThemes, sentimentOf } from './themes.ts';

/** Items with a comment or follow-up answer read for themes and sentiment: enough for any period's picture, bounded in memory. */
const MAX_COMMENTS = 5000;
const PAGE_SIZE = 200;

/** A rating scaled to 0–1, to compare pages and comments whatever their kind: the contract's normalised score. */
const scaledScore = ({ kind, value }: NonNullable<FeedbackRecord['rating']>): number => normalisedScore(kind, value);

/** Every item of the project in [from, to), oldest first, page by page. */
async function* itemsOf(store: FeedbackStore, projectId: string, from: number, to: number): AsyncGenerator<FeedbackRecord> {
  let after: { createdAt: number; id: string } | undefined;
  do {
    const page = await store.listFeedback(projectId, {
      limit: PAGE_SIZE,
      order: 'oldest',
      filter: { from, to },
      ...(after ? { after } : {}),
    });
    yield* page.items;
    after = page.next ?? undefined;
  } while (after);
}

/** The period's figures: counts and per-kind summaries (the stats API's own), and with `detail` its pages and comments. */
async function readPeriod(
  store: FeedbackStore,
  projectId: string,
  from: number,
  to: number,
  detail: boolean,
  verify: (url: string) => boolean,
) {
  const rows = [];
  const pages = new Map<string, { count: number; rated: number; scoreSum: number }>();
  const comments: (DigestComment & { locale: string; score: number | null })[] = [];
  for await (const item of itemsOf(store, projectId, from, to)) {
    rows.push({
      day: 0,
      ratingKind: item.rating?.kind ?? null,
      ratingValue: item.rating?.value ?? null,
      count: 1,
      withComment: item.comment ? 1 : 0,
    });
    if (!detail) continue;
    const path = item.page.url.split('?')[0]!;
    const page = pages.get(path) ?? { count: 0, rated: 0, scoreSum: 0 };
    page.count += 1;
    if (item.rating) {
      page.rated += 1;
      page.scoreSum += scaledScore(item.rating);
    }
    pages.set(path, page);
    if ((item.comment || item.followUp?.answer) && comments.length < MAX_COMMENTS) {
      comments.push({
        id: item.id,
        rating: item.rating,
        comment: item.comment || null,
        followUp: item.followUp?.answer ? item.followUp : null,
        page: item.page.url,
        pageVerified: verify(item.page.url),
        createdAt: item.createdAt,
        locale: item.context.locale,
        score: item.rating ? scaledScore(item.rating) : null,
      });
    }
  }
  return { summary: summarisePeriod(rows), pages, comments };
}

function scoreOf(kind: KindSummary | undefined): { name: 'NPS' | 'CSAT'; value: number } | null {
  if (kind?.nps) return { name: 'NPS', value: kind.nps.score };
  if (kind?.csat) return { name: 'CSAT', value: kind.csat.score };
  return null;
}

/** Pages with at least two ratings, best and worst three by average. */
function rankPages(
  pages: Map<string, { count: number; rated: number; scoreSum: number }>,
  verify: (url: string) => boolean,
): Digest['pages'] {
  const rated: DigestPage[] = [...pages]
    .filter(([, page]) => page.rated >= 2)
    .map(([page, { count, rated, scoreSum }]) => ({
      page,
      verified: verify(page),
      count,
      averageScore: Math.round((scoreSum / rated) * 100) / 100,
    }));
  const byScore = [...rated].sort((a, b) => b.averageScore - a.averageScore || b.count - a.count || a.page.localeCompare(b.page));
  // A page is listed once: with few pages, the better half are the best and the rest the worst.
  const best = byScore.slice(0, Math.min(3, Math.ceil(byScore.length / 2)));
  return { best, worst: byScore.slice(best.length).reverse().slice(0, 3) };
}

/**
 * What a digest says about one period of a project, read from its feedback (the period follows
 * the project's clock, not UTC days, so the daily rollups cannot serve it); the previous period
 * of the same length is read for the changes.
 */
export async function composeDigest(
  store: FeedbackStore,
  project: Project,
  period: { from: number; to: number },
  { eventId, publicUrl, summarise }: { eventId: string; publicUrl?: string | undefined; summarise?: Summarise | undefined },
): Promise<Digest> {
  const verify = (url: string) => isVerifiedPage(project, url, originsOf(publicUrl));
  const current = await readPeriod(store, project.id, period.from, period.to, true, verify);
  // Only for the changes: its figures, not its pages or comments.
  const previous = await readPeriod(store, project.id, 2 * period.from - period.to, period.from, false, verify);

  const ratings: DigestRating[] = RATING_KINDS.flatMap((kind) => {
    const now = current.summary.ratings[kind];
    if (!now) return [];
    const before = previous.summary.ratings[kind];
    const score = scoreOf(now);
    return [
      {
        kind,
        count: now.count,
        average: now.average,
        previousAverage: before?.average ?? null,
        distribution: now.distribution,
        score: score && { ...score, previous: scoreOf(before)?.value ?? null },
      },
    ];
  });

  const lowest = current.comments
    .filter((comment) => comment.score !== null)
    .sort((a, b) => a.score! - b.score! || a.createdAt - b.createdAt)
    .slice(0, 5)
    .map(({ locale: _locale, score: _score, ...comment }) => comment);
  // The visitor's words only: the follow-up question is the project's, the same on every answer.
  const texts = current.comments.map((comment) => ({
    text: [comment.comment, comment.followUp?.answer].filter(Boolean).join('\n'),
    locale: comment.locale,
    rating: comment.score,
  }));
  const sentiments = texts.map((comment) => sentimentOf(comment.text, comment.locale));

  const digest: Digest = {
    eventId,
    type: 'digest',
    project: { key: project.key, name: project.name },
    period: { ...period, frequency: project.digest.frequency, timeZone: project.digest.timeZone },
    count: current.summary.count,
    previousCount: previous.summary.count,
    withComment: current.summary.withComment,
    ratings,
    pages: rankPages(current.pages, verify),
    lowest,
    themes: extractThemes(texts, { limit: 8 }).map(({ phrase, count, sentiment }) => ({ phrase, count, sentiment })),
    sentiment: sentiments.length ? Math.round((sentiments.reduce((sum, s) => sum + s, 0) / sentiments.length) * 100) / 100 : null,
    summary: null,
    dashboardUrl: publicUrl ? `${publicUrl.replace(/\/+$/, '')}/admin/projects/${encodeURIComponent(project.key)}/insights` : null,
  };
  // Only with feedback to talk about.
  return summarise && digest.count > 0 ? { ...digest, summary: await summarise(digest) } : digest;
}
