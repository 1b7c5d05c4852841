/**
 * The destination kinds the server ships, as the dashboard offers them: a label, the API field
 * that holds the target (`url`, or `to` for an email address) and what the form calls it. The
 * server's channels (server/channels/registry.ts) hold the rules, renderers and transports; the
 * dashboard cannot import them, so this list names the same kinds (test/server/channels/registry.test.ts
 * holds the two equal). A kind a deployment or a test registers beyond these is shown by its id.
 */
export interface ChannelKind {
  label: string;
  target: 'url' | 'to';
  targetLabel: string;
}

export const CHANNEL_KINDS = {
  slack: { label: 'Slack', target: 'url', targetLabel: 'Slack incoming webhook URL' },
  discord: { label: 'Discord', target: 'url', targetLabel: 'Discord incoming webhook URL' },
  webhook: { label: 'Webhook', target: 'url', targetLabel: 'URL' },
  email: { label: 'Email', target: 'to', targetLabel: 'Email address' },
} as const satisfies Record<string, ChannelKind>;

export type ChannelKindId = keyof typeof CHANNEL_KINDS;

/** A kind's label: its own for the shipped kinds, else its id. */
export function channelKindLabel(kind: string): string {
  return Object.hasOwn(CHANNEL_KINDS, kind) ? CHANNEL_KINDS[kind as ChannelKindId].label : kind;
}
