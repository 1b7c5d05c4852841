import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, type Headers } from 'undici';

/**
 * The destination is one Heed will not contact: not http(s), not a URL, or an address that is
 * private, loopback, link-local or otherwise not on the public internet. Retrying cannot help.
 */
export class BlockedDestinationError extends Error {
  override name = 'BlockedDestinationError';
}

export interface GuardedFetchOptions {
  /**
   * Addresses outside the public internet are refused unless this allows them: `true` for all,
   * or a predicate over the resolved IP (`'127.0.0.1'`, `'::1'`). Self-hosters whose receiver
   * sits on their own network opt in here; tests do for loopback.
   */
  allowPrivate?: boolean | ((address: string) => boolean);
  /** Bounds the whole exchange: DNS, connect, request and reading the reply. */
  timeoutMs?: number;
}

export interface GuardedRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface GuardedResponse {
  status: number;
  headers: Headers;
  /** At most the first 64 KiB of the reply: receivers' answers are only ever logged. */
  text(): Promise<string>;
}

export interface GuardedFetch {
  (url: string, init?: GuardedRequestInit): Promise<GuardedResponse>;
  /** Closes the pooled connections; call it at shutdown. */
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * An HTTP client for destinations that site owners type in (Slack, Discord, webhooks).
 *
 * Addresses are checked at connect time, on what DNS returned for that very connection, so a
 * name that resolves to a public address when saved and to 10.0.0.1 later (DNS rebinding)
 * cannot get through: there is no gap between the check and the connect. IP literals never
 * reach DNS (net.connect skips the lookup for them), so the connector checks those itself.
 * Redirects are returned, not followed, so a public receiver cannot bounce a request inward.
 */
export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const { allowPrivate = false, timeoutMs = 10_000 } = options;
  const isAllowed = (address: string) =>
    isPublicAddress(address) || (typeof allowPrivate === 'function' ? allowPrivate(address) : allowPrivate);

  const connectGuarded = buildConnector({ lookup: guardedLookup(isAllowed) });
  const agent = new Agent({
    connect(connectOptions, callback) {
      const { hostname } = connectOptions;
      if (isIP(hostname) && !isAllowed(hostname)) {
        callback(new BlockedDestinationError(`refused ${hostname}: not a public address`), null);
        return;
      }
      connectGuarded(connectOptions, callback);
    },
  });

  async function guardedFetch(url: string, init: GuardedRequestInit = {}): Promise<GuardedResponse> {
    if (!URL.canParse(url)) throw new BlockedDestinationError(`refused ${url}: not a URL`);
    const { protocol } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new BlockedDestinationError(`refused ${url}: only http and https destinations are allowed`);
    }
    try {
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Read (a bounded prefix of) the body now, so the connection returns to the pool
      // whether or not the caller looks at it.
      const text = await readPrefix(response.body, MAX_BODY_BYTES);
      return { status: response.status, headers: response.headers, text: async () => text };
    } catch (error) {
      // undici reports connect failures as TypeError('fetch failed') with the reason as cause.
      if (error instanceof Error && error.cause instanceof BlockedDestinationError) throw error.cause;
      throw error;
    }
  }

  return Object.assign(guardedFetch, { close: () => agent.close() });
}

/** dns.lookup, failing when any address the name resolves to is not allowed. */
function guardedLookup(isAllowed: (address: string) => boolean): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    // Ask for every address, whatever the caller wants, so none slips past unchecked.
    dnsLookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      const refused = addresses.find(({ address }) => !isAllowed(address));
      if (refused) {
        return callback(new BlockedDestinationError(`refused ${hostname}: resolves to ${refused.address}`), '');
      }
      const [first] = addresses;
      if (lookupOptions.all) return callback(null, addresses);
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

async function readPrefix(body: AsyncIterable<Uint8Array> | null, maxBytes: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let remaining = maxBytes;
  if (body) {
    // Leaving the loop early cancels the stream, dropping the rest of the body.
    for await (const chunk of body) {
      const kept = chunk.subarray(0, remaining);
      remaining -= kept.byteLength;
      text += decoder.decode(kept, { stream: true });
      if (remaining === 0) break;
    }
  }
  return text + decoder.decode();
}

// [network, prefix length] for IPv4 space that is not the public internet.
const NON_PUBLIC_V4: [string, number][] = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT (also Alibaba's metadata service)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: cloud metadata services live here
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking, used inside some networks
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
];
const NON_PUBLIC_V4_MASKS = NON_PUBLIC_V4.map(([network, bits]) => ({
  network: v4ToInt(network),
  mask: (~0 << (32 - bits)) >>> 0,
}));

/**
 * Whether an IP address is on the public internet. Anything that is not an IP address is not.
 * IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
 */
export function isPublicAddress(address: string): boolean {
  const ip = address.split('%', 1)[0] ?? ''; // drop an IPv6 zone id (fe80::1%eth0)
  switch (isIP(ip)) {
    case 4:
      return isPublicV4(v4ToInt(ip));
    case 6:
      return isPublicV6(v6Groups(ip));
    default:
      return false;
  }
}

function isPublicV4(ip: number): boolean {
  return NON_PUBLIC_V4_MASKS.every(({ network, mask }) => ((ip & mask) >>> 0) !== network);
}

function isPublicV6(g: number[]): boolean {
  const embeddedV4 = (((g[6] ?? 0) << 16) | (g[7] ?? 0)) >>> 0;
  const zeroUpTo = (n: number) => g.slice(0, n).every((group) => group === 0);
  const first = g[0] ?? 0;
  if (zeroUpTo(6)) return false; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (zeroUpTo(5) && g[5] === 0xffff) return isPublicV4(embeddedV4); // ::ffff:a.b.c.d
  if (first === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) {
    return isPublicV4(embeddedV4); // NAT64 64:ff9b::/96
  }
  if (first === 0x2002) return isPublicV4((((g[1] ?? 0) << 16) | (g[2] ?? 0)) >>> 0); // 6to4
  if ((first & 0xfe00) === 0xfc00) return false; // unique local fc00::/7
  if ((first & 0xffc0) === 0xfe80) return false; // link-local fe80::/10
  if ((first & 0xffc0) === 0xfec0) return false; // deprecated site-local fec0::/10
  if ((first & 0xff00) === 0xff00) return false; // multicast
  return true;
}

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
}

/** The eight 16-bit groups of an address net.isIPv6 accepts (zone id already dropped). */
function v6Groups(ip: string): number[] {
  const parse = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const v4 = v4ToInt(group);
          return [v4 >>> 16, v4 & 0xffff];
        });
  const [head = '', tail] = ip.split('::');
  const left = parse(head);
  if (tail === undefined) return left;
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
