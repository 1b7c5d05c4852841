/** The inbox's filters, kept in the page's query string so a reload, a link or an export keeps them. */
export interface InboxFilters {
  /** Days back from now; absent: all time. */
  days?: string;
  ratingMin?: string;
  ratingMax?: string;
  category?: string;
  page?: string;
  hasComment?: string;
  status?: string;
  q?: string;
}

export const FILTER_KEYS = ['days', 'ratingMin', 'ratingMax', 'category', 'page', 'hasComment', 'status', 'q'] as const;

export function readFilters(query: Record<string, string>): InboxFilters {
  const filters: InboxFilters = {};
  for (const key of FILTER_KEYS) if (query[key]) filters[key] = query[key];
  return filters;
}

/** The API's query parameters for these filters (listing and exports take the same). */
export function apiQuery(filters: InboxFilters, now = Date.now()): Record<string, string> {
  const { days, ...rest } = filters;
  const query: Record<string, string> = Object.fromEntries(Object.entries(rest).filter(([, value]) => value));
  if (days) query.from = new Date(now - Number(days) * 86_400_000).toISOString();
  return query;
}

export function toSearch(filters: InboxFilters): string {
  const params = new URLSearchParams(Object.entries(filters).filter(([, value]) => value) as [string, string][]);
  const text = params.toString();
  return text ? `?${text}` : '';
}
