import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BlockedDestinationError,
  createGuardedFetch,
  isPublicAddress,
  NON_PUBLIC_RANGES,
  type GuardedFetch,
} from '../../../server/runtime/node-guarded-fetch.ts';

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
    ['SIIT (IPv4-translated) loopback', (port: number) => `http://[::ffff:0:7f00:1]:${port}/`],
    ['local-use NAT64 of loopback', (port: number) => `http://[64:ff9b:1::7f00:1]:${port}/`],
    ['a Teredo address', (port: number) => `http://[2001::7f00:1]:${port}/`],
    ['a discard-only address', (port: number) => `http://[100::1]:${port}/`],
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

  it('refuses a URL with a user name or password without quoting them, and the server sees no connection', async () => {
    const send = guardedFetch({ allowPrivate: true });
    await expect(send(`http://user:s3cret@127.0.0.1:${target.port}/hook?token=abc123`)).rejects.toThrow(
      new BlockedDestinationError(`refused 127.0.0.1:${target.port}: the URL holds a user name or password`),
    );
    expect(target.connections()).toBe(0);
  });

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

const MAX = 'ffff:ffff:ffff:ffff:ffff:ffff';

/**
 * Every range the guard refuses: an address inside it, and the addresses just outside it on each
 * side with whether they are public (IPv6 outside 2000::/3 is never public, so some neighbours of
 * ranges there are refused too, by another entry).
 */
const RANGES: [cidr: string, inside: string, neighbours: [address: string, isPublic: boolean][]][] = [
  ['0.0.0.0/8', '0.1.2.3', [['1.0.0.0', true]]],
  ['0.0.0.0/32', '0.0.0.0', [['0.0.0.1', false]]],
  [
    '10.0.0.0/8',
    '10.20.30.40',
    [
      ['9.255.255.255', true],
      ['11.0.0.0', true],
    ],
  ],
  [
    '100.64.0.0/10',
    '100.100.100.200',
    [
      ['100.63.255.255', true],
      ['100.128.0.0', true],
    ],
  ],
  [
    '127.0.0.0/8',
    '127.0.0.1',
    [
      ['126.255.255.255', true],
      ['128.0.0.0', true],
    ],
  ],
  [
    '169.254.0.0/16',
    '169.254.169.254',
    [
      ['169.253.255.255', true],
      ['169.255.0.0', true],
    ],
  ],
  [
    '172.16.0.0/12',
    '172.31.255.255',
    [
      ['172.15.255.255', true],
      ['172.32.0.0', true],
    ],
  ],
  [
    '192.0.0.0/24',
    '192.0.0.9',
    [
      ['191.255.255.255', true],
      ['192.0.1.0', true],
    ],
  ],
  [
    '192.0.0.0/29',
    '192.0.0.1',
    [
      ['191.255.255.255', true],
      ['192.0.0.8', false],
    ],
  ],
  [
    '192.0.0.8/32',
    '192.0.0.8',
    [
      ['192.0.0.7', false],
      ['192.0.0.9', false],
    ],
  ],
  [
    '192.0.0.170/31',
    '192.0.0.171',
    [
      ['192.0.0.169', false],
      ['192.0.0.172', false],
    ],
  ],
  [
    '192.0.2.0/24',
    '192.0.2.1',
    [
      ['192.0.1.255', true],
      ['192.0.3.0', true],
    ],
  ],
  [
    '192.88.99.0/24',
    '192.88.99.1',
    [
      ['192.88.98.255', true],
      ['192.88.100.0', true],
    ],
  ],
  [
    '192.88.99.2/32',
    '192.88.99.2',
    [
      ['192.88.99.1', false],
      ['192.88.99.3', false],
    ],
  ],
  [
    '192.168.0.0/16',
    '192.168.1.1',
    [
      ['192.167.255.255', true],
      ['192.169.0.0', true],
    ],
  ],
  [
    '198.18.0.0/15',
    '198.19.255.255',
    [
      ['198.17.255.255', true],
      ['198.20.0.0', true],
    ],
  ],
  [
    '198.51.100.0/24',
    '198.51.100.7',
    [
      ['198.51.99.255', true],
      ['198.51.101.0', true],
    ],
  ],
  [
    '203.0.113.0/24',
    '203.0.113.9',
    [
      ['203.0.112.255', true],
      ['203.0.114.0', true],
    ],
  ],
  [
    '224.0.0.0/4',
    '239.255.255.250',
    [
      ['223.255.255.255', true],
      ['240.0.0.0', false],
    ],
  ],
  ['240.0.0.0/4', '240.0.0.1', [['239.255.255.255', false]]],
  ['255.255.255.255/32', '255.255.255.255', [['255.255.255.254', false]]],
  ['::/3', '1fff::1', [['2000::', true]]],
  [
    '4000::/2',
    '4000::1',
    [
      [`3fff:${MAX}:ffff`, true],
      ['8000::', false],
    ],
  ],
  ['8000::/1', '8000::1', [[`7fff:${MAX}:ffff`, false]]],
  ['::/128', '::', [['::1', false]]],
  [
    '::1/128',
    '0:0:0:0:0:0:0:1',
    [
      ['::', false],
      ['::2', false],
    ],
  ],
  ['::/96', '::8.8.8.8', [['::1:0:0', false]]],
  [
    '::ffff:0:0:0/96',
    '::ffff:0:8.8.8.8',
    [
      ['::fffe:ffff:ffff:ffff', false],
      ['::ffff:1:0:0', false],
    ],
  ],
  [
    '64:ff9b:1::/48',
    '64:ff9b:1::808:808',
    [
      ['64:ff9b:0:ffff:ffff:ffff:ffff:ffff', false],
      ['64:ff9b:2::', false],
    ],
  ],
  [
    '100::/64',
    '100::1',
    [
      [`ff:${MAX}:ffff`, false],
      ['100:0:0:1::', false],
    ],
  ],
  [
    '100:0:0:1::/64',
    '100:0:0:1::1',
    [
      ['100::ffff:ffff:ffff:ffff', false],
      ['100:0:0:2::', false],
    ],
  ],
  [
    '2001::/23',
    '2001:1::1',
    [
      [`2000:${MAX}:ffff`, true],
      ['2001:200::', true],
    ],
  ],
  [
    '2001::/32',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    [
      [`2000:${MAX}:ffff`, true],
      ['2001:1::', false],
    ],
  ],
  [
    '2001:2::/48',
    '2001:2::1',
    [
      ['2001:1:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['2001:2:1::', false],
    ],
  ],
  [
    '2001:10::/28',
    '2001:10::1',
    [
      ['2001:f:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['2001:20::', false],
    ],
  ],
  [
    '2001:db8::/32',
    '2001:db8::1',
    [
      ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['2001:db9::', true],
    ],
  ],
  [
    '2002::/16',
    '2002:808:808::1',
    [
      [`2001:ffff:${MAX}`, true],
      ['2003::', true],
    ],
  ],
  [
    '3fff::/20',
    '3fff::1',
    [
      [`3ffe:ffff:${MAX}`, true],
      ['3fff:1000::', true],
    ],
  ],
  [
    '5f00::/16',
    '5f00::1',
    [
      [`5eff:ffff:${MAX}`, false],
      ['5f01::', false],
    ],
  ],
  [
    'fc00::/7',
    'fd00:ec2::254',
    [
      [`fbff:ffff:${MAX}`, false],
      ['fe00::', false],
    ],
  ],
  [
    'fe80::/10',
    'fe80::1%eth0',
    [
      [`fe7f:ffff:${MAX}`, false],
      ['fec0::', false],
    ],
  ],
  [
    'fec0::/10',
    'fec0::1',
    [
      [`febf:ffff:${MAX}`, false],
      ['ff00::', false],
    ],
  ],
  ['ff00::/8', 'ff02::1', [[`feff:ffff:${MAX}`, false]]],
];

describe('isPublicAddress', () => {
  it('is tested on every range it refuses, and on nothing it does not', () => {
    expect(RANGES.map(([cidr]) => cidr).sort()).toEqual(NON_PUBLIC_RANGES.map(([cidr]) => cidr).sort());
  });

  const names = new Map(NON_PUBLIC_RANGES);
  it.each(RANGES.map(([cidr, inside, neighbours]) => [cidr, names.get(cidr), inside, neighbours] as const))(
    'refuses %s (%s) at %s, and judges the addresses just outside it by their own ranges',
    (_cidr, _name, inside, neighbours) => {
      expect(isPublicAddress(inside)).toBe(false);
      for (const [address, isPublic] of neighbours) expect([address, isPublicAddress(address)]).toEqual([address, isPublic]);
    },
  );

  it.each([
    ['::ffff:0:a00:1', 'SIIT (IPv4-translated) 10.0.0.1'],
    ['::ffff:0:7f00:1', 'SIIT (IPv4-translated) 127.0.0.1'],
    ['64:ff9b:1::a9fe:a9fe', 'local-use NAT64 of 169.254.169.254'],
    ['2001::a9fe:a9fe', 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo (RFC 4380’s example)'],
    ['100::1', 'discard-only'],
    ['100::a00:1', 'discard-only'],
  ])('refuses %s, %s, which the hand-written tables let through', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    // IPv4-mapped: the kernel connects to the IPv4 address itself.
    ['::ffff:8.8.8.8', true],
    ['::ffff:808:808', true],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:a9fe:a9fe', false],
    ['0:0:0:0:0:ffff:10.0.0.1', false],
    // The well-known NAT64 prefix: DNS64 gives these for IPv4-only names; the translator reaches the IPv4 address.
    ['64:ff9b::808:808', true],
    ['64:ff9b::8.8.8.8', true],
    ['64:ff9b::10.0.0.1', false],
    ['64:ff9b::a9fe:a9fe', false],
    ['64:ff9b::7f00:1', false],
  ])('judges %s by the IPv4 address it carries → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it.each([
    ['8.8.8.8', true],
    ['1.1.1.1', true],
    ['2606:4700:4700::1111', true],
    ['2a00:1450:4001:82b::200e', true],
    // Globally reachable entries of the registry that are not special here.
    ['192.31.196.1', true],
    ['192.52.193.1', true],
    ['192.175.48.1', true],
    ['2620:4f:8000::1', true],
    // Not IP addresses at all
    ['localhost', false],
    ['example.com', false],
    ['', false],
    ['256.0.0.1', false],
    ['2130706433', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
