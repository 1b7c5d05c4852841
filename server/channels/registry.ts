import type { Channel } from './channel.ts';
import { discord } from './discord.ts';
import { email } from './email.ts';
import { slack } from './slack.ts';
import { webhook } from './webhook.ts';

/**
 * The kinds this server ships, in the order the API lists them. contract/channel-kinds.ts names the
 * same kinds for the dashboard (test/server/channels/registry.test.ts holds them equal).
 */
export const defaultChannels: readonly Channel[] = [slack, discord, webhook, email];

/** The channels a server sends by, found by kind. */
export interface ChannelRegistry {
  readonly list: readonly Channel[];
  get: (kind: string) => Channel | undefined;
}

/** A registry of `channels`: the shipped ones, or those and a deployment's (or a test's) own. */
export function createChannelRegistry(channels: readonly Channel[] = defaultChannels): ChannelRegistry {
  const byKind = new Map(channels.map((channel) => [channel.kind, channel]));
  if (byKind.size === 0 || byKind.size !== channels.length) throw new Error('Channels need at least one kind, and each kind once.');
  return { list: channels, get: (kind) => byKind.get(kind) };
}
