import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS } from '../../../contract/channel-kinds.ts';
import { createChannelRegistry, defaultChannels } from '../../../server/channels/registry.ts';
import { ntfy } from './fixture-channel.ts';

describe('the channel registry', () => {
  it('ships the kinds contract/channel-kinds.ts names for the dashboard, in its order, each with its target field', () => {
    expect(defaultChannels.map((channel) => [channel.kind, channel.target.field])).toEqual(
      Object.entries(CHANNEL_KINDS).map(([kind, { target }]) => [kind, target]),
    );
  });

  it('finds a channel by kind, an added one too, and nothing for an unknown kind', () => {
    const registry = createChannelRegistry([...defaultChannels, ntfy]);
    expect(registry.get('slack')?.kind).toBe('slack');
    expect(registry.get('ntfy')).toBe(ntfy);
    expect(registry.get('pager')).toBeUndefined();
  });

  it('refuses a kind registered twice, and no kinds at all', () => {
    expect(() => createChannelRegistry([...defaultChannels, { ...ntfy, kind: 'slack' }])).toThrow(/each kind once/);
    expect(() => createChannelRegistry([])).toThrow(/at least one kind/);
  });
});
