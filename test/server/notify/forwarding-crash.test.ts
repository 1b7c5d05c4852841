import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killNodeServer, startNodeServer, type RunningServer } from '../../helpers/node-server.ts';
import { feedbackBody } from '../../helpers/test-app.ts';

describe('a crash right after a 201', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heed-crash-'));
  const deliveries: { id: string; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      deliveries.push({ id: String(req.headers['webhook-id']), body });
      res.writeHead(204).end();
    });
  });
  let second: RunningServer | undefined;

  beforeAll(() => new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve)));
  afterAll(async () => {
    await killNodeServer(second);
    await new Promise((resolve) => receiver.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no notification: after a SIGKILL and a restart, the destination receives it exactly once', async () => {
    const env = { HEED_DB: join(dir, 'heed.db') };
    const first = await startNodeServer(env);
    const token = /\b(heed_[0-9a-f]{16}_[A-Za-z0-9_-]{43})\b/.exec(first.output)![1]!;
    const admin = (path: string, body: unknown) =>
      fetch(`${first.origin}/v1${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const project = (await (await admin('/projects', { name: 'Shop', antiSpam: { minSeconds: 0, turnstile: false } })).json()) as {
      key: string;
    };
    const { address, port } = receiver.address() as AddressInfo;
    expect(
      (await admin(`/projects/${project.key}/destinations`, { kind: 'webhook', name: 'CRM', url: `http://${address}:${port}/hook` }))
        .status,
    ).toBe(201);

    const item = feedbackBody({ project: project.key, comment: 'Sent just before the crash' });
    const res = await fetch(`${first.origin}/v1/feedback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(item),
    });
    expect(res.status).toBe(201);
    await killNodeServer(first);
    // The worker polls every second, so the crash almost always comes before the first attempt
    // (and if one slipped in first, exactly once still has to hold).

    second = await startNodeServer(env);
    const deadline = Date.now() + 15_000;
    while (!deliveries.some((d) => d.body.includes(String(item.id))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Long enough for a wrongly repeated send to show up too.
    await new Promise((r) => setTimeout(r, 2500));
    const ours = deliveries.filter((d) => d.body.includes(String(item.id)));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('Sent just before the crash');
  }, 60_000);
});
