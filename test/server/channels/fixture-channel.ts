import type { Channel } from '../../../server/channels/channel.ts';
import { urlTarget } from '../../../server/channels/targets.ts';
import type { OutgoingRequest } from '../../../server/notify/notification.ts';

/** Plain text posted to a topic URL, with the event in a header. */
const text = (url: string, event: string, body: string): OutgoingRequest => ({
  url,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'x-heed-event': event },
  body,
});

/**
 * A kind the server does not ship, added the way a new one is: this one file. An ntfy-like push:
 * one line of plain text per item, per digest and per test, posted to the topic's URL.
 */
export const ntfy: Channel = {
  kind: 'ntfy',
  transport: 'http',
  target: {
    ...urlTarget,
    // A rule of its own on top of every URL's: the URL names a topic.
    schema: urlTarget.schema.refine((url) => !URL.canParse(url) || new URL(url).pathname.length > 1, {
      error: 'Must name a topic: https://ntfy.example/<topic>.',
    }),
  },
  item: (n, to) => text(to.target, n.type, `${n.project.name}: ${n.feedback.comment ?? 'new feedback'}`),
  digest: (d, to) => text(to.target, d.type, `${d.project.name}: ${d.count} responses in the ${d.period.frequency} digest`),
  test: (n, to) => text(to.target, 'test', `${n.project.name}: Heed can reach this topic`),
};
