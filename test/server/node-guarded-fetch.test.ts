import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedDestinationError,
  createGuardedFetch,
  isPublicAddress,
  type GuardedFetch,
} from '../../server/runtime/node-guarded-fetch.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback server that records every connection and request it gets. */
async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: Received[] = [];
  let connections = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handle(req, res);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    received,
    connections: () => connections,
    reset: () => {
      received.length = 0;
      connections = 0;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Counts the client sockets net.connect creates while `run` runs. */
async function countSockets(run: () => Promise<unknown>): Promise<number> {
  let sockets = 0;
  const onSocket = () => sockets++;
  subscribe('net.client.socket', onSocket);
  try {
    await run().catch(() => {});
  } finally {
    unsubscribe('net.client.socket', onSocket);
  }
  return sockets;
}

describe('guarded fetch', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  let redirectTarget: Awaited<ReturnType<typeof startServer>>;
  const clients: GuardedFetch[] = [];
  const guardedFetch = (options: Parameters<typeof createGuardedFetch>[0] = {}) => {
    const client = createGuardedFetch(options);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    redirectTarget = await startServer((_req, res) => res.end('redirected'));
    target = await startServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { Location: `http://127.0.0.1:${redirectTarget.port}/landing` }).end();
      } else if (req.url === '/large') {
        res.end('x'.repeat(100 * 1024));
      } else if (req.url === '/hang') {
        // Never answers: the client's timeout has to end it.
      } else {
        res.writeHead(202, { 'Content-Type': 'text/plain', 'X-Echo': req.headers['x-heed-test'] ?? '' }).end('accepted');
      }
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    target.reset();
    redirectTarget.reset();
  });

  afterAll(async () => {
    await target.close();
    await redirectTarget.close();
  });

  it('refuses 127.0.0.1 by default, and the server sees no connection', async () => {
    const send = guardedFetch();
    await expect(send(`http://127.0.0.1:${target.port}/`, { method: 'POST', body: 'hi' })).rejects.toThrow(
      new BlockedDestinationError('refused 127.0.0.1: not a public address'),
    );
    expect(target.connections()).toBe(0);
    expect(target.received).toHaveLength(0);
  });

  it('refuses localhost after resolving it to a loopback address', async () => {
    const send = guardedFetch();
    const error = await send(`http://localhost:${target.port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedDestinationError);
    expect((error as Error).message).toMatch(/^refused localhost: resolves to (127\.0\.0\.1|::1)$/);
    expect(target.connections()).toBe(0);
  });

  it.each([
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/`],
    ['IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['the unspecified address', (port: number) => `http://0.0.0.0:${port}/`],
    ['loopback written as a number', (port: number) => `http://2130706433:${port}/`],
  ])('refuses %s without opening a socket', async (_name, url) => {
    const send = guardedFetch();
    const sockets = await countSockets(async () => {
      await expect(send(url(target.port))).rejects.toBeInstanceOf(BlockedDestinationError);
    });
    expect(sockets).toBe(0);
    expect(target.connections()).toBe(0);
  });

  it('refuses the cloud metadata address at once, before any socket is opened', async () => {
    const send = guardedFetch();
    const started = performance.now();
    const sockets = await countSockets(async () => {
      await expect(send('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(
        new BlockedDestinationError('refused 169.254.169.254: not a public address'),
      );
    });
    expect(sockets).toBe(0);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each(['ftp://127.0.0.1/file', 'file:///etc/passwd', 'data:text/plain,hi', 'not a url'])(
    'refuses %s as not an http(s) destination',
    async (url) => {
      const send = guardedFetch({ allowPrivate: true });
      await expect(send(url)).rejects.toBeInstanceOf(BlockedDestinationError);
    },
  );

  it('sends the method, headers and body when loopback is allowed, and returns the reply', async () => {
    const send = guardedFetch({ allowPrivate: true });
    const response = await send(`http://127.0.0.1:${target.port}/hook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Heed-Test': 'yes' },
      body: '{"text":"new feedback"}',
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-echo')).toBe('yes');
    expect(await response.text()).toBe('accepted');
    expect(target.received).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/hook',
        body: '{"text":"new feedback"}',
        headers: expect.objectContaining({ 'content-type': 'application/json', 'x-heed-test': 'yes' }),
      }),
    ]);
  });

  it('lets a predicate allow exactly the addresses it names', async () => {
    const send = guardedFetch({ allowPrivate: (address) => address === '127.0.0.1' });
    expect((await send(`http://127.0.0.1:${target.port}/`)).status).toBe(202);
    await expect(send(`http://127.0.0.2:${target.port}/`)).rejects.toThrow(
      new BlockedDestinationError('refused 127.0.0.2: not a public address'),
    );
  });

  it('returns a 302 as it is and does not follow it', async () => {
    const send = guardedFetch({ allowPrivate: true });
    const response = await send(`http://127.0.0.1:${target.port}/redirect`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:${redirectTarget.port}/landing`);
    expect(redirectTarget.connections()).toBe(0);
  });

  it('keeps only the first 64 KiB of a large reply', async () => {
    const send = guardedFetch({ allowPrivate: true });
    const response = await send(`http://127.0.0.1:${target.port}/large`);
    expect(await response.text()).toHaveLength(64 * 1024);
  });

  it('times out a receiver that never answers with an ordinary error, not a blocked one', async () => {
    const send = guardedFetch({ allowPrivate: true, timeoutMs: 100 });
    const error = await send(`http://127.0.0.1:${target.port}/hang`).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(BlockedDestinationError);
    expect(error).toMatchObject({ name: 'TimeoutError' });
  });
});

describe('isPublicAddress', () => {
  it.each([
    // IPv4 public
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['100.63.255.255', true],
    ['100.128.0.0', true],
    ['172.15.255.255', true],
    ['172.32.0.0', true],
    ['192.0.2.1', true],
    ['223.255.255.255', true],
    // IPv4 not public
    ['0.0.0.0', false],
    ['0.1.2.3', false],
    ['10.0.0.1', false],
    ['100.64.0.1', false],
    ['100.100.100.200', false],
    ['127.0.0.1', false],
    ['127.255.255.254', false],
    ['169.254.169.254', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.0.0.170', false],
    ['192.168.1.1', false],
    ['198.18.0.1', false],
    ['224.0.0.1', false],
    ['240.0.0.1', false],
    ['255.255.255.255', false],
    // IPv6 public
    ['2606:4700:4700::1111', true],
    ['2001:db8::1', true],
    ['::ffff:8.8.8.8', true],
    ['64:ff9b::808:808', true],
    ['2002:808:808::1', true],
    // IPv6 not public
    ['::', false],
    ['::1', false],
    ['0:0:0:0:0:0:0:1', false],
    ['::127.0.0.1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:a9fe:a9fe', false],
    ['64:ff9b::10.0.0.1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['2002:7f00:1::', false],
    ['fc00::1', false],
    ['fd00:ec2::254', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['febf:ffff::1', false],
    ['fec0::1', false],
    ['ff02::1', false],
    // Not IP addresses at all
    ['localhost', false],
    ['example.com', false],
    ['', false],
    ['256.0.0.1', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
