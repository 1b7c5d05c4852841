import { serve, type ServerType } from '@hono/node-server';
import fc from 'fast-check';
import { isIP, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientNetworkKey, parseIPv4, parseIPv6 } from '../../../server/abuse/ip-address.ts';
import { DEFAULT_APP_CONFIG, type AppDeps } from '../../../server/app.ts';
import { nodeClientAddress, resolveClientAddress, TrustProxySchema } from '../../../server/runtime/node-client-address.ts';
import { readNodeConfig } from '../../../server/runtime/node-config.ts';
import { createTestApp, feedbackBody, SITE_ORIGIN } from '../../helpers/test-app.ts';

const trust = (setting: string) => TrustProxySchema.parse(setting);

/** Two of Cloudflare's published ranges (https://www.cloudflare.com/ips/), as an operator would list them all. */
const CLOUDFLARE = '173.245.48.0/20, 172.64.0.0/13, 2606:4700::/32';

describe('the client address behind proxies (HEED_TRUST_PROXY)', () => {
  it('ignores X-Forwarded-For when the peer is not a trusted proxy: a client reaching the port directly cannot choose its address', () => {
    const proxies = trust('10.0.0.0/8');
    expect(resolveClientAddress(proxies, '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
    expect(resolveClientAddress(proxies, '203.0.113.5', '10.0.0.2, 198.51.100.1')).toBe('203.0.113.5');
    expect(resolveClientAddress(trust('false'), '203.0.113.5', '198.51.100.1')).toBe('203.0.113.5');
  });

  it('takes the entry the trusted proxy appended, not one the client wrote before it', () => {
    const proxies = trust('loopback');
    // The client sent "X-Forwarded-For: 192.0.2.77"; Caddy on this host appended the real peer.
    expect(resolveClientAddress(proxies, '127.0.0.1', '192.0.2.77, 198.51.100.1')).toBe('198.51.100.1');
    // A dual-stack socket reports an IPv4 peer as IPv4-mapped IPv6.
    expect(resolveClientAddress(proxies, '::ffff:127.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(resolveClientAddress(proxies, '::1', '2001:db8::7')).toBe('2001:db8::7');
  });

  it('with a hop count of 1 takes the last entry, and with 2 the one before it', () => {
    expect(resolveClientAddress(trust('1'), '127.0.0.1', '192.0.2.77, 198.51.100.1, 172.64.0.9')).toBe('172.64.0.9');
    expect(resolveClientAddress(trust('2'), '127.0.0.1', '192.0.2.77, 198.51.100.1, 172.64.0.9')).toBe('198.51.100.1');
    // Fewer entries than hops: the leftmost there is.
    expect(resolveClientAddress(trust('2'), '127.0.0.1', '198.51.100.1')).toBe('198.51.100.1');
    expect(resolveClientAddress(trust('1'), '127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('walks a CDN and a local proxy by their ranges, and names a hop from outside the CDN as the client', () => {
    const proxies = trust(`loopback ${CLOUDFLARE}`);
    expect(resolveClientAddress(proxies, '127.0.0.1', '192.0.2.77, 198.51.100.1, 172.64.0.9')).toBe('198.51.100.1');
    expect(resolveClientAddress(proxies, '127.0.0.1', '2001:db8:5::1, 2606:4700:10::6814:1')).toBe('2001:db8:5::1');
    // Someone who skips the CDN and reaches the proxy directly is the client, whatever they wrote.
    expect(resolveClientAddress(proxies, '127.0.0.1', '172.64.0.9, 203.0.113.66')).toBe('203.0.113.66');
  });

  it('stops at an entry that is not an IP address, at the hop that passed it on', () => {
    expect(resolveClientAddress(trust('2'), '127.0.0.1', 'not-an-ip, 198.51.100.1')).toBe('198.51.100.1');
    expect(resolveClientAddress(trust('loopback'), '127.0.0.1', '198.51.100.1, 127.0.0.1 ; drop table')).toBe('127.0.0.1');
  });
});

describe('HEED_TRUST_PROXY and HEED_IPV6_PREFIX at start-up', () => {
  /** The start-up error's lines, or [] when the environment is accepted. */
  const refusal = (env: Record<string, string>) => {
    try {
      readNodeConfig(env);
      return [];
    } catch (error) {
      return (error as Error).message.split('\n');
    }
  };

  it.each([
    ['true', /^ {2}HEED_TRUST_PROXY: "true" does not say which proxy to trust: give the number of proxies in front of Heed/],
    ['yes', /^ {2}HEED_TRUST_PROXY: "yes" does not say which proxy to trust/],
    ['17', /^ {2}HEED_TRUST_PROXY: 17 proxies in a row is more than 16/],
    ['10.0.0.0/33', /^ {2}HEED_TRUST_PROXY: "10.0.0.0\/33" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal/],
    ['loopback, proxy.internal', /^ {2}HEED_TRUST_PROXY: "proxy.internal" is not an IP address/],
    ['-1', /^ {2}HEED_TRUST_PROXY: "-1" is not an IP address/],
    ['constructor', /^ {2}HEED_TRUST_PROXY: "constructor" is not an IP address/],
  ])('refuses HEED_TRUST_PROXY=%s with one line that says what to give instead', (value, line) => {
    expect(refusal({ HEED_TRUST_PROXY: value })).toEqual(['Invalid environment:', expect.stringMatching(line)]);
  });

  it.each(['16', '129', 'many'])('refuses HEED_IPV6_PREFIX=%s with one line', (value) => {
    expect(refusal({ HEED_IPV6_PREFIX: value })).toEqual(['Invalid environment:', expect.stringMatching(/^ {2}HEED_IPV6_PREFIX: /)]);
  });

  it('accepts nothing (no proxy), false, a hop count, and addresses, ranges and names together', () => {
    expect(readNodeConfig({}).HEED_TRUST_PROXY).toEqual({ kind: 'none' });
    expect(readNodeConfig({ HEED_TRUST_PROXY: 'false' }).HEED_TRUST_PROXY).toEqual({ kind: 'none' });
    expect(readNodeConfig({ HEED_TRUST_PROXY: '2' }).HEED_TRUST_PROXY).toEqual({ kind: 'hops', hops: 2 });
    expect(readNodeConfig({ HEED_TRUST_PROXY: `loopback,10.1.2.3 ${CLOUDFLARE}\n::1` }).HEED_TRUST_PROXY).toMatchObject({ kind: 'ranges' });
    expect(readNodeConfig({}).HEED_IPV6_PREFIX).toBe(64);
    expect(readNodeConfig({ HEED_IPV6_PREFIX: '56' }).HEED_IPV6_PREFIX).toBe(56);
  });
});

describe('rate limits per client network', () => {
  let t: Awaited<ReturnType<typeof createTestApp>> | undefined;
  afterEach(async () => {
    await t?.cleanup();
    t = undefined;
  });

  /** An app that allows each client 2 submissions a minute, the client taken as `clientAddress` says. */
  const open = (clientAddress: AppDeps['clientAddress'], config: Partial<typeof DEFAULT_APP_CONFIG> = {}) =>
    createTestApp({ clientAddress, config: { rateLimits: { ...DEFAULT_APP_CONFIG.rateLimits, perClientPerMinute: 2 }, ...config } });
  const submit = (headers: Record<string, string>) =>
    t!.app.request('/v1/feedback', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN, ...headers },
      body: JSON.stringify(feedbackBody()),
    });
  const fromAddress = (address: string) => submit({ 'x-test-address': address });

  it('counts two IPv6 addresses in one /64 as one client, and addresses in different /64s apart', async () => {
    t = await open((c) => c.req.header('x-test-address'));
    expect((await fromAddress('2001:db8:1:2::1')).status).toBe(201);
    expect((await fromAddress('2001:db8:1:2:a:b:c:d')).status).toBe(201);
    // Rotating inside the /64 no longer gets past the limit.
    expect((await fromAddress('2001:db8:1:2:ffff:ffff:ffff:fffe')).status).toBe(429);
    expect((await fromAddress('2001:DB8:1:2:0:0:0:9')).status).toBe(429);
    // The neighbouring /64 is another subscriber.
    expect((await fromAddress('2001:db8:1:3::1')).status).toBe(201);
  });

  it('counts an IPv4-mapped address as its IPv4 address', async () => {
    t = await open((c) => c.req.header('x-test-address'));
    expect((await fromAddress('198.51.100.1')).status).toBe(201);
    expect((await fromAddress('::ffff:198.51.100.1')).status).toBe(201);
    expect((await fromAddress('::ffff:c633:6401')).status).toBe(429);
    expect((await fromAddress('198.51.100.2')).status).toBe(201);
  });

  it('follows the configured prefix length: /128 counts each address, /48 a whole site', async () => {
    t = await open((c) => c.req.header('x-test-address'), { clientIpv6PrefixLength: 128 });
    for (const suffix of ['1', '2', '3']) expect((await fromAddress(`2001:db8:1:2::${suffix}`)).status).toBe(201);
    await t.cleanup();
    t = await open((c) => c.req.header('x-test-address'), { clientIpv6PrefixLength: 48 });
    expect((await fromAddress('2001:db8:1:2::1')).status).toBe(201);
    expect((await fromAddress('2001:db8:1:3::1')).status).toBe(201);
    expect((await fromAddress('2001:db8:1:ffff::1')).status).toBe(429);
  });

  it('keeps visitors apart behind a CDN and a local proxy', async () => {
    const proxies = trust(`loopback ${CLOUDFLARE}`);
    t = await open((c) => resolveClientAddress(proxies, '127.0.0.1', c.req.header('x-forwarded-for')));
    // Every request reaches Heed from the local proxy, which got it from one Cloudflare edge address.
    const visitor = (address: string) => submit({ 'X-Forwarded-For': `${address}, 172.64.0.9` });
    expect((await visitor('198.51.100.1')).status).toBe(201);
    expect((await visitor('198.51.100.1')).status).toBe(201);
    expect((await visitor('198.51.100.1')).status).toBe(429);
    expect((await visitor('198.51.100.2')).status).toBe(201);
    expect((await visitor('2001:db8:9::1')).status).toBe(201);
  });

  describe('on a real socket', () => {
    let server: ServerType | undefined;
    afterEach(async () => {
      await new Promise((resolve) => server?.close(resolve));
      server = undefined;
    });

    /** Serves the app on loopback with the Node runtime's clientAddress; returns a function posting with a given X-Forwarded-For. */
    const listen = async (setting: string) => {
      t = await open(nodeClientAddress(trust(setting)));
      server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((resolve) => server!.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      return async (forwardedFor: string) =>
        (
          await fetch(`http://127.0.0.1:${port}/v1/feedback`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Origin: SITE_ORIGIN, 'X-Forwarded-For': forwardedFor },
            body: JSON.stringify(feedbackBody()),
            signal: AbortSignal.timeout(5000),
          })
        ).status;
    };

    it('does not let a direct client rotate X-Forwarded-For past its limit when the proxy is elsewhere', async () => {
      const post = await listen('10.0.0.0/8');
      expect([await post('198.51.100.1'), await post('198.51.100.2'), await post('198.51.100.3')]).toEqual([201, 201, 429]);
    });

    it('believes X-Forwarded-For from a trusted peer (loopback here)', async () => {
      const post = await listen('loopback');
      expect([await post('198.51.100.1'), await post('198.51.100.2'), await post('198.51.100.3')]).toEqual([201, 201, 201]);
      expect([await post('198.51.100.1'), await post('198.51.100.1')]).toEqual([201, 429]);
    });
  });
});

describe('client network keys', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::ffff:c633:6407', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:0:0:0:0/64'],
    ['2001:DB8:1:2::', '2001:db8:1:2:0:0:0:0/64'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:0/64'],
    ['not an address', 'not an address'],
  ])('%s → %s', (address, key) => {
    expect(clientNetworkKey(address)).toBe(key);
  });

  it('are the same for any two IPv6 addresses sharing their first 64 bits, and differ otherwise', () => {
    const group = fc.integer({ min: 0, max: 0xffff });
    const groups = fc.array(group, { minLength: 8, maxLength: 8 });
    const text = (g: number[]) => g.map((n) => n.toString(16)).join(':');
    fc.assert(
      fc.property(groups, groups, (a, b) => {
        const sameNetwork = a.slice(0, 4).every((n, i) => n === b[i]);
        expect(clientNetworkKey(text(a)) === clientNetworkKey(text(b))).toBe(sameNetwork);
        expect(clientNetworkKey(text(a))).toBe(clientNetworkKey(text([...a.slice(0, 4), ...b.slice(4)])));
      }),
    );
  });

  it('parse exactly what node:net accepts as IPv4 and IPv6, on generated and arbitrary text', () => {
    const candidates = fc.oneof(
      fc.ipV4(),
      fc.ipV4Extended(),
      fc.ipV6(),
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.x%'), maxLength: 50 }),
      fc.string({ maxLength: 50 }),
    );
    fc.assert(
      fc.property(candidates, (text) => {
        expect([text, parseIPv4(text) !== undefined]).toEqual([text, isIP(text) === 4]);
        expect([text, parseIPv6(text) !== undefined]).toEqual([text, isIP(text) === 6 && !text.includes('%')]);
      }),
      { numRuns: 5000 },
    );
  });
});
