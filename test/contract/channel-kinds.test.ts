import { describe, expect, it } from 'vitest';
import { channelKindLabel } from '../../contract/channel-kinds.ts';

describe('channelKindLabel', () => {
  it('names a shipped kind by its label, and any other by its id', () => {
    expect(channelKindLabel('slack')).toBe('Slack');
    expect(channelKindLabel('email')).toBe('Email');
    expect(channelKindLabel('ntfy')).toBe('ntfy');
    expect(channelKindLabel('toString')).toBe('toString');
  });
});
