import { once } from 'node:events';
import { z } from 'zod';
import { exportFeedback } from '../../export/feedback-export.ts';
import { isVerifiedPage, originsOf } from '../../projects/origins.ts';
import type { FeedbackItem } from '../../schemas/feedback-item.ts';
import type { FeedbackRecord, FeedbackStore, Project } from '../../store/store.ts';
import { defineCommand, EXIT, FailedError, UsageError } from '../command.ts';
import { readConfig } from '../environment.ts';
import { withStore } from '../open-store.ts';
import { createProgress } from '../progress.ts';

const FORMATS = ['csv', 'ndjson'] as const;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const IsoMoment = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** `--since`: an ISO date or date-time (as the API's `from`), or a duration back from now: 30m, 12h, 7d, 2w. */
export function parseSince(text: string, now: number): number {
  const duration = /^(\d{1,6})([mhdw])$/.exec(text);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
  if (IsoMoment.safeParse(text).success) return Date.parse(text);
  throw new UsageError(
    `--since takes an ISO date (2026-11-01), a date-time (2026-11-01T09:00:00Z) or a duration (30m, 12h, 7d, 2w), not '${text}'`,
  );
}

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write a project’s feedback to stdout as CSV or NDJSON, oldest first; progress goes to stderr.',
  usage: '<project-key> [--format csv|ndjson] [--since WHEN] > file',
  args: ['project-key'],
  options: {
    format: { type: 'string', default: 'csv' },
    since: { type: 'string' },
  },
  optionHelp: {
    format: { value: 'csv|ndjson', text: 'CSV (RFC 4180, formula-safe; default) or one JSON object per line' },
    since: { value: 'WHEN', text: 'only items from then on: 2026-11-01, 2026-11-01T09:00:00Z, or 30m, 12h, 7d, 2w ago' },
  },
  details: [
    'The same files as the API’s feedback.csv and feedback.ndjson (docs/api.md): CSV cells a spreadsheet would',
    'run as formulas start with an apostrophe; NDJSON lines have the API’s item shape. Rows are read page by',
    'page, so memory stays flat however large the project is.',
  ].join('\n'),
  examples: ['heed export pk_abc123 --format csv --since 7d > last-week.csv', 'heed export pk_abc123 --format ndjson | jq .comment'],
  async run({ args: [key], values }) {
    const format = values.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be csv or ndjson, not '${values.format}'`);
    const from = values.since === undefined ? undefined : parseSince(values.since, Date.now());
    const config = readConfig();
    return withStore(async (store) => {
      const project = await store.getProjectByKey(key!);
      if (!project) throw new FailedError(`No project has the key ${key!}.`);
      const progress = createProgress();
      let items = 0;
      // Counts the items as the export reads them; the export itself is the server's (same columns, same escaping).
      const counting: FeedbackStore = Object.assign(Object.create(store) as FeedbackStore, {
        async listFeedback(...args: Parameters<FeedbackStore['listFeedback']>) {
          const page = await store.listFeedback(...args);
          items += page.items.length;
          progress.update(`exported ${items} items…`);
          return page;
        },
      });
      const selfOrigins = originsOf(config.HEED_PUBLIC_URL);
      const stream = exportFeedback(counting, project.id, from === undefined ? {} : { from }, format, (item) =>
        itemJson(project, item, selfOrigins),
      );
      if (!(await writeAll(stream))) return EXIT.ok; // the reader went away (`| head`): not a failure
      progress.done(`exported ${items} items of ${project.key} as ${format.toUpperCase()}.`);
      return EXIT.ok;
    });
  },
});

/** An item as the API's export writes it; typed by the API's schema so the two cannot drift apart. */
function itemJson(
  project: Project,
  { projectId: _projectId, createdAt, page, ...rest }: FeedbackRecord,
  selfOrigins: string[],
): FeedbackItem {
  return {
    ...rest,
    createdAt: new Date(createdAt).toISOString(),
    page: { ...page, verified: isVerifiedPage(project, page.url, selfOrigins) },
  };
}

/** Writes the stream to stdout, waiting for it to drain; false when the reader went away (EPIPE: `| head` has read enough). */
async function writeAll(stream: ReadableStream<Uint8Array>): Promise<boolean> {
  let gone = false;
  // Without a listener, an EPIPE after a write that did not need to wait would crash the process.
  const onError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    gone = true;
  };
  process.stdout.on('error', onError);
  try {
    for await (const chunk of stream) {
      if (gone) return false;
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain'); // rejects on 'error'
    }
    return !gone;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    gone = true;
    return false;
  } finally {
    if (!gone) process.stdout.off('error', onError); // once gone, later writes' EPIPEs stay quiet
  }
}
