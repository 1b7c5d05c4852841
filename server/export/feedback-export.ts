import type { FeedbackFilter, FeedbackPosition, FeedbackRecord, FeedbackStore } from '../store/store.ts';
import { csvRecord } from './csv.ts';

/** Rows fetched per store query: big enough to amortise the query, small enough to keep memory flat. */
const PAGE_SIZE = 500;

export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'ratingKind',
  'ratingValue',
  'comment',
  'followUpQuestion',
  'followUpAnswer',
  'category',
  'email',
  'pageUrl',
  'pageReferrer',
  'pageTitle',
  'locale',
  'viewportWidth',
  'viewportHeight',
  'userAgent',
  'metadata',
  'status',
  'tags',
] as const;

function csvFields(item: FeedbackRecord): (string | number | null)[] {
  return [
    item.id,
    new Date(item.createdAt).toISOString(),
    item.rating?.kind ?? null,
    item.rating?.value ?? null,
    item.comment,
    item.followUp?.question ?? null,
    item.followUp?.answer ?? null,
    item.category,
    item.email,
    item.page.url,
    item.page.referrer,
    item.page.title,
    item.context.locale,
    item.context.viewport.width,
    item.context.viewport.height,
    item.context.userAgent,
    item.metadata ? JSON.stringify(item.metadata) : null,
    item.status,
    item.tags.join(';'),
  ];
}

export type ExportFormat = 'csv' | 'ndjson';

/**
 * A project's feedback as a byte stream, oldest first, read page by page as the client takes
 * it (pull-based), so memory stays flat however many rows there are.
 */
export function exportFeedback(
  store: FeedbackStore,
  projectId: string,
  filter: FeedbackFilter,
  format: ExportFormat,
  toJson: (item: FeedbackRecord) => unknown,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: FeedbackPosition | undefined;
  let started = false;
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (done) return controller.close();
        const page = await store.listFeedback(projectId, { limit: PAGE_SIZE, order: 'oldest', filter, ...(after ? { after } : {}) });
        let chunk = !started && format === 'csv' ? csvRecord([...CSV_COLUMNS]) : '';
        started = true;
        for (const item of page.items) chunk += format === 'csv' ? csvRecord(csvFields(item)) : `${JSON.stringify(toJson(item))}\n`;
        if (chunk) controller.enqueue(encoder.encode(chunk));
        if (page.next) after = page.next;
        else done = true;
      },
    },
    // One page ahead at most: the stream waits for the client instead of buffering the table.
    { highWaterMark: 1 },
  );
}
