import { describe, expect, it, vi } from 'vitest';
import { hasOpeningTrigger, readFormConfig, readLauncherConfig, readTriggerSettings, type InitOptions } from '../../widget/config.ts';

const source = (src: string, dataset: Record<string, string>, init: InitOptions = {}) => ({ script: { src, dataset }, init });

describe('the launcher’s config (read by the loader)', () => {
  it('puts the launcher bottom-right by default', () => {
    expect(readLauncherConfig(source('https://heed.example.com/widget.js', { project: 'pk_1' }))).toEqual({
      project: 'pk_1',
      position: 'bottom-right',
      label: 'Feedback',
    });
  });

  it('takes the launcher label from data-label, init texts winning', () => {
    expect(readLauncherConfig(source('https://h.example/widget.js', { project: 'p', label: 'Ideas?' }))).toMatchObject({ label: 'Ideas?' });
    expect(
      readLauncherConfig(source('https://h.example/widget.js', { project: 'p', label: 'Ideas?' }, { texts: { launcher: 'Help' } })),
    ).toMatchObject({
      label: 'Help',
    });
  });

  it('lets init options win over data- attributes', () => {
    const config = readLauncherConfig(
      source('https://h.example/widget.js', { project: 'from-tag', position: 'top-left' }, { project: 'from-code', position: 'none' }),
    );
    expect(config).toMatchObject({ project: 'from-code', position: 'none' });
  });

  it('warns about a bad position (from the form’s bundle) and falls back to bottom-right', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readFormConfig(source('https://h.example/widget.js', { project: 'p', position: 'middle' }))).toMatchObject({
      position: 'bottom-right',
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('position must be one of'));
    expect(readFormConfig(source('https://h.example/widget.js', { project: 'p', position: 'side-left' })).position).toBe('side-left');
    warn.mockRestore();
  });

  it('explains what is missing', () => {
    expect(readLauncherConfig(source('', { project: 'p' }))).toEqual({ error: expect.stringContaining('data-project') });
    expect(readLauncherConfig(source('https://h.example/widget.js', {}))).toEqual({ error: expect.stringContaining('data-project') });
  });

  it('knows whether a trigger may open the form, so the triggers bundle loads only then', () => {
    expect(hasOpeningTrigger(source('https://h.example/widget.js', { project: 'p', sample: '50', cooldown: '7' }))).toBe(false);
    expect(hasOpeningTrigger(source('https://h.example/widget.js', { project: 'p' }, { openOnScroll: 50 }))).toBe(true);
  });
});

describe('the form’s config (read by the form bundle)', () => {
  it('takes the endpoint from the script’s own origin', () => {
    expect(readFormConfig(source('https://heed.example.com/widget.js', { project: 'pk_1' }))).toEqual({
      position: 'bottom-right',
      endpoint: 'https://heed.example.com',
    });
  });

  it('lets data-endpoint override it, absolute or relative, without a trailing slash', () => {
    expect(readFormConfig(source('https://cdn.example/widget.js', { endpoint: 'https://api.example/heed/' }))).toMatchObject({
      endpoint: 'https://api.example/heed',
    });
    expect(readFormConfig(source('https://cdn.example/x/widget.js', { endpoint: '/api' }))).toMatchObject({
      endpoint: 'https://cdn.example/api',
    });
    expect(
      readFormConfig(source('https://cdn.example/widget.js', { endpoint: '/api' }, { endpoint: 'https://api.example' })),
    ).toMatchObject({
      endpoint: 'https://api.example',
    });
  });

  it('warns about an endpoint that is not a URL and uses the script’s origin', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readFormConfig(source('https://h.example/x/widget.js', { endpoint: 'http://[bad' }))).toMatchObject({
      endpoint: 'https://h.example',
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('data-endpoint is not a URL: http://[bad; using https://h.example.'));
    warn.mockRestore();
  });
});

describe('the trigger settings (read by the triggers bundle)', () => {
  it('collects them from data- attributes, init winning, and nothing else', () => {
    const settings = readTriggerSettings(
      source('https://h.example/widget.js', { project: 'p', openAfter: '20', match: '/pricing*' }, { openAfter: 5, cooldown: 30 }),
    );
    expect(settings).toEqual({ openAfter: 5, match: '/pricing*', cooldown: 30 });
  });
});
