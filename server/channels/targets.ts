import { z } from 'zod';
import { exact } from '../schemas/text.ts';
import type { ChannelTarget } from './channel.ts';

/**
 * Where it is sent: http(s) only (the delivery refuses private addresses when it connects). No
 * `user:password@`: fetch refuses to send such a URL, and its error would copy the password into
 * the delivery history.
 */
const HttpUrlSchema = exact(
  z
    .url({ protocol: /^https?$/, error: 'Must be an absolute http(s) URL.' })
    .max(2048)
    .refine((url) => !URL.canParse(url) || !hasCredentials(new URL(url)), {
      error: 'Must not contain a user name or password (user:password@): put the receiver’s token in the path or query.',
    }),
);

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/** To a token that cannot edit destinations: scheme and host only, as a path, query or user name may hold a credential. */
const hostOnly = (url: string) => {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}/…`;
};

/** A URL posted to: an admin token sees it as given. */
export const urlTarget: ChannelTarget = {
  field: 'url',
  schema: HttpUrlSchema,
  shown: (url, canEdit) => (canEdit ? url : hostOnly(url)),
};

/**
 * An incoming-webhook URL whose last path segment is its token (Slack, Discord): a credential, so
 * even an admin token sees it without that segment.
 */
export const tokenUrlTarget: ChannelTarget = {
  ...urlTarget,
  shown: (url, canEdit) => {
    if (!canEdit) return hostOnly(url);
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname.replace(/\/[^/]*\/?$/, '/…')}`;
  },
};

/** An email address, shown as it is. */
export const emailTarget: ChannelTarget = {
  field: 'to',
  schema: z.email({ error: 'Must be an email address.' }).max(254),
  shown: (to) => to,
};
