import { describe, expect, it } from 'vitest';
import { readScriptConfig } from '../../widget/config.ts';

const script = (src: string, dataset: Record<string, string>) => ({ src, dataset });

describe('readScriptConfig', () => {
  it('takes the endpoint from the script’s own origin', () => {
    expect(readScriptConfig(script('https://heed.example.com/widget.js', { project: 'pk_1' }))).toEqual({
      project: 'pk_1',
      endpoint: 'https://heed.example.com',
      scriptUrl: 'https://heed.example.com/widget.js',
    });
  });

  it('lets data-endpoint override it, absolute or relative, without a trailing slash', () => {
    expect(readScriptConfig(script('https://cdn.example/widget.js', { project: 'p', endpoint: 'https://api.example/heed/' }))).toMatchObject({
      endpoint: 'https://api.example/heed',
    });
    expect(readScriptConfig(script('https://cdn.example/x/widget.js', { project: 'p', endpoint: '/api' }))).toMatchObject({
      endpoint: 'https://cdn.example/api',
    });
  });

  it('explains what is missing', () => {
    expect(readScriptConfig(null)).toEqual({ error: expect.stringContaining('data-project') });
    expect(readScriptConfig(script('https://h.example/widget.js', {}))).toEqual({ error: expect.stringContaining('data-project') });
    expect(readScriptConfig(script('https://h.example/widget.js', { project: 'p', endpoint: 'http://[bad' }))).toEqual({
      error: expect.stringContaining('data-endpoint'),
    });
  });
});
