import { describe, expect, it } from 'vitest';
import { buildDigestEmail } from '../../../server/channels/email.ts';
import { DAY, digest, emptyDigest } from '../notify/digest-fixture.ts';

const build = (...args: Parameters<typeof digest>) => buildDigestEmail(digest(...args), 'owner@shop.example');

describe('buildDigestEmail', () => {
  it('sends to the given address with the project, count, headline score and day in the subject', () => {
    const email = build();
    expect(email.to).toBe('owner@shop.example');
    expect(email.subject).toBe('[Heed] Shop — 48 responses, NPS 32 (+5) — Tue 24 Nov');
  });

  it('leads the subject with CSAT, or the average, when there is no NPS', () => {
    const csat = {
      kind: 'csat' as const,
      count: 10,
      average: 4.1,
      previousAverage: 4.2,
      distribution: {},
      score: { name: 'CSAT' as const, value: 81, previous: 84 },
    };
    expect(build({ count: 12, ratings: [csat] }).subject).toBe('[Heed] Shop — 12 responses, CSAT 81% (\u22123) — Tue 24 Nov');
    expect(build({ ratings: [digest().ratings[0]!] }).subject).toBe('[Heed] Shop — 48 responses, rated 4.0 / 5 (\u22120.2) — Tue 24 Nov');
  });

  it('keeps CR/LF in the project name out of the subject, so it cannot add headers', () => {
    const subject = build({ project: { key: 'pk_x', name: 'Shop\r\nBcc: victim@example.com\r\n\r\n<b>x</b>' } }).subject;
    expect(subject).not.toMatch(/[\r\n]/);
    expect(subject).toBe('[Heed] Shop Bcc: victim@example.com <b>x</b> — 48 responses, NPS 32 (+5) — Tue 24 Nov');
  });

  it('shortens a long project name so the figures and the day stay in the subject', () => {
    const subject = build({ project: { key: 'pk_x', name: 'S'.repeat(300) } }).subject;
    expect(subject).toMatch(/^\[Heed\] S+… — 48 responses, NPS 32 \(\+5\) — Tue 24 Nov$/);
  });

  it('writes a plain-text part with every figure, list and comment', () => {
    expect(build().text).toBe(
      [
        'Shop — daily digest, Tue 24 Nov',
        'Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)',
        '',
        'Responses: 48 (+14%)',
        'With a comment: 18 of 48 (38%), mood 😐 mixed',
        'Stars (20 ratings): 4.0 / 5 (\u22120.2)',
        '  5★ 9 · 4★ 6 · 3★ 2 · 2★ 2 · 1★ 1',
        'NPS (25 ratings): 8.0 / 10 (+0.4) · NPS 32 (+5)',
        '  Promoters 12 · Passives 9 · Detractors 4',
        '',
        'Top themes',
        '- checkout button: 7 comments 🙁',
        '- delivery time: 4 comments 😐',
        '- new design: 3 comments 🙂',
        '',
        'Best pages',
        '- shop.example <https://shop.example/>: 14 responses · score 91/100',
        '- shop.example/products/kettle <https://shop.example/products/kettle>: 6 responses · score 85/100',
        '',
        'Worst pages',
        '- shop.example/checkout?step=2 <https://shop.example/checkout?step=2>: 9 responses · score 38/100',
        '- shop.example/shipping <https://shop.example/shipping>: 4 responses · score 55/100',
        '',
        'Lowest-rated comments',
        '> The checkout button does nothing on my phone.',
        '  — ★☆☆☆☆ (1/5) on shop.example/checkout?step=2 <https://shop.example/checkout?step=2>',
        '',
        '> Shipping costs only show up at the very end.',
        '  — NPS 3 — detractor on shop.example/shipping <https://shop.example/shipping>',
        '',
        'Summary',
        'Checkout complaints doubled; most mention the pay button on mobile.',
        '',
        'Changes against the previous day.',
        '',
        'Open insights in Heed: https://heed.example/admin/projects/pk_shop/insights',
      ].join('\n'),
    );
  });

  it('shows the figures in the HTML part as the text part does', () => {
    const { html } = build();
    expect(html).toContain('<p style="margin:0 0 4px;font-size:18px;font-weight:600">Shop — daily digest, Tue 24 Nov</p>');
    expect(html).toContain('48 (+14%)');
    expect(html).toContain('8.0 / 10 (+0.4) · NPS 32 (+5)');
    expect(html).toContain('5★ 9 · 4★ 6 · 3★ 2 · 2★ 2 · 1★ 1');
    expect(html).toContain('checkout button <span style="color:#6b6f76">— 7 comments 🙁</span>');
    expect(html).toContain('<a href="https://shop.example/checkout?step=2" style="color:#2563eb">shop.example/checkout?step=2</a>');
    expect(html).toContain('href="https://heed.example/admin/projects/pk_shop/insights"');
  });

  it('shows a lowest-rated item’s follow-up question and answer, in both parts, escaped in the HTML', () => {
    const followUp = { question: 'What went wrong?\r\nPage: x', answer: '<img src=x onerror=alert(1)>\nOn iOS only.' };
    const { text, html } = build({
      lowest: [
        { ...digest().lowest[0]!, followUp },
        { ...digest().lowest[1]!, comment: null, followUp },
      ],
    });
    expect(text).toContain(
      [
        'Lowest-rated comments',
        '> The checkout button does nothing on my phone.',
        'Follow-up: What went wrong? Page: x',
        '> <img src=x onerror=alert(1)>',
        '> On iOS only.',
        '  — ★☆☆☆☆ (1/5) on shop.example/checkout?step=2 <https://shop.example/checkout?step=2>',
        '',
        'Follow-up: What went wrong? Page: x',
        '> <img src=x onerror=alert(1)>',
        '> On iOS only.',
        '  — NPS 3 — detractor on shop.example/shipping <https://shop.example/shipping>',
      ].join('\n'),
    );
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '>What went wrong? Page: x</div><div style="white-space:pre-wrap">&lt;img src=x onerror=alert(1)&gt;\nOn iOS only.</div>',
    );
  });

  it('shows script tags and attribute breakouts in any visitor or model text as text in the HTML part', () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(1)>"\'><b>';
    const { html } = build({
      project: { key: 'pk_x', name: hostile },
      themes: [{ phrase: hostile, count: 1, sentiment: 0 }],
      pages: {
        best: [{ page: `https://shop.example/?q=${hostile}`, verified: true, count: 1, averageScore: 1 }],
        worst: [{ page: hostile, verified: true, count: 1, averageScore: 0 }],
      },
      lowest: [{ ...digest().lowest[0]!, comment: hostile, page: hostile }],
      summary: hostile,
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('"\'><b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&gt;&lt;b&gt;');
    // The linked page keeps its quotes encoded, so it cannot leave the attribute.
    expect(html).toMatch(/href="https:\/\/shop\.example\/\?q=%3Cscript%3E[^"]*"/);
  });

  it('shows pages off the project’s origins as defanged text marked unverified, in neither part a link', () => {
    const { text, html } = build({
      pages: { best: [], worst: [{ page: 'https://evil.example/login', verified: false, count: 2, averageScore: 0 }] },
      lowest: [{ ...digest().lowest[0]!, page: 'https://evil.example/verify', pageVerified: false }],
    });
    expect(text).toContain('\n- evil[.]example/login (unverified): 2 responses · score 0/100\n');
    expect(text).toContain('  — ★☆☆☆☆ (1/5) on evil[.]example/verify (unverified)');
    expect(html).toContain('<li style="margin:0 0 4px">evil[.]example/login (unverified) <span');
    expect(`${text}\n${html}`).not.toMatch(/https?:\/\/evil|evil\.example/);
  });

  it('links pages and the dashboard only when they are http(s)', () => {
    const bad = build({
      dashboardUrl: 'javascript:alert(1)',
      pages: { best: [], worst: [{ page: 'javascript:alert(1)', verified: true, count: 1, averageScore: 0 }] },
      lowest: [{ ...digest().lowest[0]!, page: 'JaVaScRiPt:alert(2)' }],
    });
    expect(bad.html).not.toMatch(/href="javascript/i);
    expect(bad.html).toContain('javascript:alert(1) <span');
    expect(bad.html).toContain(' on JaVaScRiPt:alert(2)</div>');
    expect(bad.html).not.toContain('Open insights');
    expect(bad.text).not.toContain('Open insights');
    expect(bad.text).toContain('- javascript:alert(1): 1 response · score 0/100');
  });

  it('loads nothing from elsewhere: no images, stylesheets or scripts', () => {
    const { html } = build();
    expect(html).not.toMatch(/<(img|link|script|iframe)\b/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toContain('src=');
  });

  it('marks the mood of the comments with the accent colour', () => {
    expect(build({ sentiment: -0.6 }).html).toContain('border-top:4px solid #e5484d');
    expect(build({ sentiment: 0.6 }).html).toContain('border-top:4px solid #30a46c');
  });

  it('says so when there was no feedback, without empty sections', () => {
    const email = buildDigestEmail(emptyDigest(), 'owner@shop.example');
    expect(email.subject).toBe('[Heed] Shop — No feedback — Tue 24 Nov');
    expect(email.text).toBe(
      [
        'Shop — daily digest, Tue 24 Nov',
        'Mon 23 Nov 09:00 – Tue 24 Nov 09:00 (Europe/Berlin)',
        '',
        'No feedback this period. (3 responses the previous day)',
        '',
        'Open insights in Heed: https://heed.example/admin/projects/pk_shop/insights',
      ].join('\n'),
    );
    expect(email.html).toContain('No feedback this period.');
    expect(email.html).not.toMatch(/<h2|<table|Changes against/);
  });

  it("dates the period in the project's time zone: a New York day, a weekly range", () => {
    const to = Date.UTC(2026, 10, 24, 5);
    const ny = build({ period: { from: to - DAY, to, timeZone: 'America/New_York' } });
    expect(ny.subject).toBe('[Heed] Shop — 48 responses, NPS 32 (+5) — Mon 23 Nov');
    expect(ny.text.split('\n')[1]).toBe('Mon 23 Nov 00:00 – Tue 24 Nov 00:00 (America/New_York)');

    const weekly = build({ period: { from: to - 7 * DAY, to, frequency: 'weekly', timeZone: 'America/New_York' } });
    expect(weekly.subject).toBe('[Heed] Shop — 48 responses, NPS 32 (+5) — Tue 17 Nov – Mon 23 Nov');
    expect(weekly.text).toContain('Changes against the previous week.');
  });

  it('keeps long comments and lists to a readable size', () => {
    const email = build({
      themes: Array.from({ length: 50 }, (_, i) => ({ phrase: `theme ${i}`, count: 1, sentiment: 0 })),
      lowest: Array.from({ length: 20 }, (_, i) => ({ ...digest().lowest[0]!, id: `fb_${i}`, comment: 'x'.repeat(5000) })),
    });
    expect(email.text.match(/^- theme /gm)).toHaveLength(10);
    const quoted = email.text.split('\n').filter((line) => line.startsWith('> '));
    expect(quoted).toHaveLength(5);
    for (const line of quoted) expect(line.length).toBeLessThanOrEqual(1002);
  });
});
