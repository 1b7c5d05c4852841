import { describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../widget/config.ts';

const script = (src: string, dataset: Record<string, string>) => ({ src, dataset });

describe('readConfig', () => {
  it('takes the endpoint from the script’s own origin, the launcher bottom-right by default', () => {
    expect(readConfig(script('https://heed.example.com/widget.js', { project: 'pk_1' }))).toEqual({
      project: 'pk_1',
      endpoint: 'https://heed.example.com',
      scriptUrl: 'https://heed.example.com/widget.js',
      position: 'bottom-right',
      label: 'Feedback',
      triggers: {},
    });
  });

  it('collects trigger settings from data- attributes, init winning', () => {
    const tag = script('https://h.example/widget.js', { project: 'p', openAfter: '20', match: '/pricing*' });
    expect(readConfig(tag, { openAfter: 5, cooldown: 30 })).toMatchObject({ triggers: { openAfter: 5, match: '/pricing*', cooldown: 30 } });
  });

  it('lets data-endpoint override it, absolute or relative, without a trailing slash', () => {
    expect(readConfig(script('https://cdn.example/widget.js', { project: 'p', endpoint: 'https://api.example/heed/' }))).toMatchObject({
      endpoint: 'https://api.example/heed',
    });
    expect(readConfig(script('https://cdn.example/x/widget.js', { project: 'p', endpoint: '/api' }))).toMatchObject({
      endpoint: 'https://cdn.example/api',
    });
  });

  it('takes the launcher label from data-label, init texts winning', () => {
    expect(readConfig(script('https://h.example/widget.js', { project: 'p', label: 'Ideas?' }))).toMatchObject({ label: 'Ideas?' });
    expect(readConfig(script('https://h.example/widget.js', { project: 'p', label: 'Ideas?' }), { texts: { launcher: 'Help' } })).toMatchObject({ label: 'Help' });
  });

  it('lets init options win over data- attributes', () => {
    const tag = script('https://h.example/widget.js', { project: 'from-tag', position: 'top-left' });
    expect(readConfig(tag, { project: 'from-code', position: 'none', endpoint: 'https://api.example' })).toMatchObject({
      project: 'from-code',
      position: 'none',
      endpoint: 'https://api.example',
    });
  });

  it('warns about a bad position and falls back to bottom-right', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readConfig(script('https://h.example/widget.js', { project: 'p', position: 'middle' }))).toMatchObject({ position: 'bottom-right' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('position must be one of'));
    warn.mockRestore();
  });

  it('explains what is missing', () => {
    expect(readConfig(null)).toEqual({ error: expect.stringContaining('data-project') });
    expect(readConfig(script('https://h.example/widget.js', {}))).toEqual({ error: expect.stringContaining('data-project') });
    expect(readConfig(script('https://h.example/widget.js', { project: 'p', endpoint: 'http://[bad' }))).toEqual({
      error: expect.stringContaining('data-endpoint'),
    });
  });
});
