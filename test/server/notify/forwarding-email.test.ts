import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scheduleDigests } from '../../../server/digest/scheduler.ts';
import { createNodeMailer } from '../../../server/runtime/node-mail.ts';
import { createTestApp, feedbackBody } from '../../helpers/test-app.ts';

describe('email destinations, through a real SMTP server on loopback', () => {
  const inbox: { envelopeTo: string[]; mail: ParsedMail }[] = [];
  let refuse = false;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      if (refuse) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 451 })));
        return;
      }
      void simpleParser(stream).then((mail) => {
        inbox.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  let mailer: ReturnType<typeof createNodeMailer>;
  beforeAll(async () => {
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const { port } = smtp.server.address() as AddressInfo;
    mailer = createNodeMailer({ url: `smtp://127.0.0.1:${port}?ignoreTLS=true`, from: 'Heed <heed@shop.example>' });
  });
  afterAll(async () => {
    mailer.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeEach(async () => {
    inbox.length = 0;
    refuse = false;
    t = await createTestApp({}, { sendEmail: mailer });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  const admin = (method: string, path: string, body?: unknown) =>
    t.app.request(`/v1/projects/pk_shop${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.adminToken}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const submit = (overrides: Record<string, unknown>) =>
    t.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(feedbackBody(overrides)),
    });

  it('emails each piece of feedback with a plain-text and an HTML part where nothing a visitor wrote becomes markup', async () => {
    const res = await admin('POST', '/destinations', { kind: 'email', name: 'Support inbox', to: 'support@shop.example' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ kind: 'email', to: 'support@shop.example' });
    expect(
      (await submit({ rating: { kind: 'stars', value: 2 }, comment: '<img src=x onerror=alert(1)>\r\nBcc: victim@example.com' })).status,
    ).toBe(201);
    expect(await t.deliveries.runOnce()).toBe(1);

    expect(inbox).toHaveLength(1);
    const { envelopeTo, mail } = inbox[0]!;
    expect(envelopeTo).toEqual(['support@shop.example']);
    expect(mail.from?.value).toEqual([{ name: 'Heed', address: 'heed@shop.example' }]);
    expect(mail.subject).toContain('★★☆☆☆');
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.bcc).toBeUndefined();
    expect(mail.text).toContain('<img src=x onerror=alert(1)>');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.html).not.toContain('<img');
  });

  it('emails the digest with its figures and themes, once the period has ended', async () => {
    await admin('POST', '/destinations', { kind: 'email', name: 'Owner', to: 'owner@shop.example', events: ['digest'] });
    for (const [value, comment] of [
      [1, 'The checkout button does nothing'],
      [2, 'Checkout button broken again'],
      [5, 'Lovely shop'],
    ] as const) {
      await submit({ rating: { kind: 'stars', value }, comment });
    }
    t.advanceClock(12 * 3_600_000);
    expect(await scheduleDigests(t.store, 1_700_000_000_000 + 12 * 3_600_000)).toBe(1);
    await t.deliveries.runOnce();
    expect(inbox).toHaveLength(1);
    const { mail } = inbox[0]!;
    expect(mail.subject).toMatch(/3 responses/);
    expect(mail.text).toContain('checkout button');
    expect(mail.text).toContain('The checkout button does nothing');
    expect(mail.html).toContain('checkout button');
  });

  it('retries when the mail server refuses, then delivers', async () => {
    const created = (await (await admin('POST', '/destinations', { kind: 'email', name: 'Inbox', to: 'team@shop.example' })).json()) as {
      id: string;
    };
    refuse = true;
    await submit({ comment: 'Hello' });
    await t.deliveries.runOnce();
    expect(inbox).toHaveLength(0);
    refuse = false;
    t.advanceClock(60_000);
    await t.deliveries.runOnce();
    expect(inbox).toHaveLength(1);
    const history = (await (await admin('GET', `/destinations/${created.id}/messages`)).json()) as {
      items: { status: string; attempts: number }[];
    };
    expect(history.items).toEqual([expect.objectContaining({ status: 'delivered', attempts: 2 })]);
  });

  it('refuses an email destination while the server has no mail transport', async () => {
    const bare = await createTestApp();
    const res = await bare.app.request('/v1/projects/pk_shop/destinations', {
      method: 'POST',
      headers: { Authorization: `Bearer ${bare.adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'email', name: 'Inbox', to: 'team@shop.example' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('email_not_configured');
    await bare.cleanup();
  });
});
