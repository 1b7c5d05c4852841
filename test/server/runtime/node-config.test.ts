import { describe, expect, it } from 'vitest';
import { TURNSTILE_VERIFY_URL } from '../../../server/abuse/turnstile.ts';
import { readNodeConfig } from '../../../server/runtime/node-config.ts';

describe('the Node server’s environment', () => {
  it('needs nothing set: every setting has a default', () => {
    expect(readNodeConfig({})).toMatchObject({
      PORT: 8787,
      HEED_DB: './data/heed.db',
      HEED_DEMO: true,
      HEED_TURNSTILE_VERIFY_URL: TURNSTILE_VERIFY_URL,
    });
  });

  it('takes Turnstile keys in pairs and language-model settings all together, naming what is missing', () => {
    expect(readNodeConfig({ HEED_TURNSTILE_SITE_KEY: 'site', HEED_TURNSTILE_SECRET_KEY: 'secret' })).toMatchObject({
      HEED_TURNSTILE_SITE_KEY: 'site',
      HEED_TURNSTILE_SECRET_KEY: 'secret',
    });
    expect(() => readNodeConfig({ HEED_TURNSTILE_SITE_KEY: 'site' })).toThrow(/HEED_TURNSTILE_SECRET_KEY: Set both/);
    expect(() => readNodeConfig({ HEED_LLM_BASE_URL: 'https://llm.example/v1', HEED_LLM_MODEL: 'm' })).toThrow(
      /HEED_LLM_BASE_URL: Set HEED_LLM_BASE_URL/,
    );
  });

  it('ends slow requests after 30 s and slow request heads after 10 s unless told otherwise, and refuses a head allowed longer than its request', () => {
    expect(readNodeConfig({})).toMatchObject({ HEED_REQUEST_TIMEOUT_MS: 30_000, HEED_HEADERS_TIMEOUT_MS: 10_000 });
    expect(readNodeConfig({ HEED_REQUEST_TIMEOUT_MS: '60000', HEED_HEADERS_TIMEOUT_MS: '60000' })).toMatchObject({
      HEED_REQUEST_TIMEOUT_MS: 60_000,
    });
    expect(() => readNodeConfig({ HEED_REQUEST_TIMEOUT_MS: '5000' })).toThrow(
      /HEED_HEADERS_TIMEOUT_MS: HEED_HEADERS_TIMEOUT_MS cannot be longer/,
    );
    expect(() => readNodeConfig({ HEED_REQUEST_TIMEOUT_MS: '0' })).toThrow(/HEED_REQUEST_TIMEOUT_MS/);
  });

  it('refuses a bad value with the variable’s name', () => {
    expect(() => readNodeConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => readNodeConfig({ HEED_TURNSTILE_VERIFY_URL: 'ftp://x.example/' })).toThrow(/HEED_TURNSTILE_VERIFY_URL/);
  });
});
