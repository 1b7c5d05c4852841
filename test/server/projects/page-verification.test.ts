import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingEmail, OutgoingRequest } from '../../../server/notify/notification.ts';
import { isVerifiedPage } from '../../../server/projects/origins.ts';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

/** What the phishing submission sends: only the public key is needed, from a script with no Origin. */
const PHISHING = { url: 'https://evil.example/login', title: 'URGENT: your workspace will be suspended – verify here' };

describe('isVerifiedPage: the one rule for linking a page', () => {
  const shop = { allowedOrigins: ['https://shop.example'] };
  it.each([
    ['a page on an allowed origin', 'https://shop.example/checkout?step=2', true],
    ['another port', 'https://shop.example:8443/', false],
    ['another scheme', 'http://shop.example/', false],
    ['a look-alike subdomain', 'https://shop.example.evil.example/', false],
    ['userinfo that looks like the host', 'https://shop.example@evil.example/', false],
    ['a javascript: URL', 'javascript:alert(1)', false],
    ['text that is not a URL', 'shop.example/checkout', false],
  ])('%s: %s → %s', (_name, url, verified) => {
    expect(isVerifiedPage(shop, url, [])).toBe(verified);
  });

  it('verifies nothing for a project with no origins: every page it holds came from a script', () => {
    expect(isVerifiedPage({ allowedOrigins: [] }, 'https://shop.example/', ['https://shop.example'])).toBe(false);
  });

  it('counts self as the server’s own origins, as the caller knows them', () => {
    expect(isVerifiedPage({ allowedOrigins: ['self'] }, 'https://heed.example/demo/', ['https://heed.example'])).toBe(true);
    expect(isVerifiedPage({ allowedOrigins: ['self'] }, 'https://heed.example/demo/', [])).toBe(false);
  });
});

describe('a page off the project’s origins, sent server to server with only the public key', () => {
  const requests: OutgoingRequest[] = [];
  const emails: OutgoingEmail[] = [];
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    requests.length = 0;
    emails.length = 0;
    t = await createTestApp(
      { config: { publicOrigin: 'https://heed.example' } },
      {
        post: async (request) => {
          requests.push(request);
          return { status: 200, retryAfter: null };
        },
        sendEmail: async (email) => {
          emails.push(email);
        },
      },
    );
  });
  afterEach(() => t.cleanup());

  const admin = (path: string, init: RequestInit = {}) =>
    t.app.request(`/v1/projects/pk_shop${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
    });
  /** Posted as a script would: no Origin header, so the ingest keeps its URL. */
  const submit = async (page: { url: string; title: string }) => {
    const body = feedbackBody({ page, comment: 'Please look at this' });
    const res = await t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return body.id as string;
  };
  const addDestinations = async () => {
    for (const body of [
      { kind: 'slack', name: 'Team', url: 'https://hooks.slack.com/services/T1/B1/x' },
      { kind: 'discord', name: 'Community', url: 'https://discord.com/api/webhooks/1/x' },
      { kind: 'webhook', name: 'CRM', url: 'https://hooks.example/heed' },
      { kind: 'email', name: 'Owner', to: 'owner@shop.example' },
    ]) {
      expect((await admin('/destinations', { method: 'POST', body: JSON.stringify(body) })).status).toBe(201);
    }
  };
  const sent = (host: string) => requests.find((r) => new URL(r.url).host === host)!.body;

  it('reaches Slack, Discord and email as defanged text marked unverified, never a link, never with the title as link text', async () => {
    await addDestinations();
    await submit(PHISHING);
    expect(await t.deliveries.runOnce()).toBe(4);

    const slack = JSON.parse(sent('hooks.slack.com')) as { blocks: { type: string; elements?: { text: string }[] }[] };
    expect(slack.blocks.find((b) => b.type === 'context')!.elements![0]!.text).toBe(
      `Unverified page: evil[.]example/login “${PHISHING.title}”`,
    );
    const discord = JSON.parse(sent('discord.com')) as { embeds: { fields: { name: string; value: string }[] }[] };
    expect(discord.embeds[0]!.fields[0]).toMatchObject({ name: 'Unverified page', value: `evil\\[.\\]example/login “${PHISHING.title}”` });
    expect(emails[0]!.text).toContain(`Unverified page: evil[.]example/login “${PHISHING.title}”`);
    // Nothing any client could link: no link markup, no bare URL, no dotted host.
    for (const text of [sent('hooks.slack.com'), sent('discord.com'), emails[0]!.text, emails[0]!.html]) {
      expect(text).not.toMatch(/https?:\/\/evil|evil\.example/);
    }
    // The webhook carries the URL as data, with the flag for its receiver to decide.
    const webhook = JSON.parse(sent('hooks.example')) as { data: { feedback: { page: { url: string; verified: boolean } } } };
    expect(webhook.data.feedback.page).toMatchObject({ url: PHISHING.url, verified: false });
  });

  it('links a page on the project’s origins, labelled with its own address and the title quoted after it', async () => {
    await addDestinations();
    await submit({ url: 'https://shop.example/checkout', title: 'Checkout' });
    await t.deliveries.runOnce();
    const slack = JSON.parse(sent('hooks.slack.com')) as { blocks: { type: string; elements?: { text: string }[] }[] };
    expect(slack.blocks.find((b) => b.type === 'context')!.elements![0]!.text).toBe(
      'Page: <https://shop.example/checkout|shop.example/checkout> “Checkout”',
    );
    expect(emails[0]!.html).toContain('<a href="https://shop.example/checkout" style="color:#2563eb">shop.example/checkout</a> “Checkout”');
  });

  it('says page.verified in the admin API, listing, item and NDJSON export alike', async () => {
    const phishing = await submit(PHISHING);
    const real = await submit({ url: 'https://shop.example/checkout', title: 'Checkout' });
    const listed = (await (await admin('/feedback')).json()) as { items: { id: string; page: { verified: boolean } }[] };
    expect(Object.fromEntries(listed.items.map((item) => [item.id, item.page.verified]))).toEqual({ [phishing]: false, [real]: true });
    expect(((await (await admin(`/feedback/${phishing}`)).json()) as { page: unknown }).page).toEqual({
      ...PHISHING,
      referrer: null,
      verified: false,
    });
    const exported = (await (await admin('/feedback.ndjson')).text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { page: { verified: boolean } });
    expect(exported.map((item) => item.page.verified).sort()).toEqual([false, true]);
  });

  it('verifies a self project’s pages on the public URL and where the dashboard reached the server, nowhere else', async () => {
    expect((await admin('', { method: 'PATCH', body: JSON.stringify({ allowedOrigins: ['self'] }) })).status).toBe(200);
    const onPublic = await submit({ url: 'https://heed.example/demo/pricing', title: 'Pricing' });
    const onReached = await submit({ url: 'http://localhost/demo/', title: 'Demo' });
    const elsewhere = await submit({ url: 'https://shop.example/', title: 'Shop' });
    const listed = (await (await admin('/feedback')).json()) as { items: { id: string; page: { verified: boolean } }[] };
    expect(Object.fromEntries(listed.items.map((item) => [item.id, item.page.verified]))).toEqual({
      [onPublic]: true,
      [onReached]: true,
      [elsewhere]: false,
    });
  });
});
