import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch, type Headers } from 'undici';
import { formatIPv4, lastIPv4, mappedIPv4, parseIPv6, withoutZone } from '../abuse/ip-address.ts';

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
    // These messages end up in the delivery history, which read-scope tokens see: never the URL itself.
    if (!URL.canParse(url)) throw new BlockedDestinationError('refused: not a URL');
    const { protocol, host, username, password } = new URL(url);
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new BlockedDestinationError(`refused a ${protocol} URL: only http and https destinations are allowed`);
    }
    // fetch would refuse it too, quoting the whole URL, password included.
    if (username || password) throw new BlockedDestinationError(`refused ${host}: the URL holds a user name or password`);
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

/**
 * Address space Heed does not send to. IANA's special-purpose registries
 * (iana-ipv4-special-registry, iana-ipv6-special-registry): every entry that is not globally
 * reachable, plus multicast and, for IPv6, everything outside 2000::/3, the only block allocated
 * for global unicast. Entries inside another are listed anyway, so each is named and tested.
 * Two prefixes carry an IPv4 address that is judged instead (see embeddedIPv4); the other forms
 * that embed one are refused whole: 6to4 (2002::/16) and Teredo (2001::/32) are deprecated or
 * unused for servers, SIIT's ::ffff:0:0:0/96 and local NAT64's 64:ff9b:1::/48 lead to whatever
 * the local translator reaches, and 64:ff9b:1::/48's embedding depends on its prefix length.
 */
export const NON_PUBLIC_RANGES: readonly (readonly [cidr: string, name: string])[] = [
  ['0.0.0.0/8', '"this network"'],
  ['0.0.0.0/32', '"this host on this network"'],
  ['10.0.0.0/8', 'private use'],
  ['100.64.0.0/10', 'shared address space (carrier-grade NAT; also a cloud metadata address)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local: cloud metadata services live here'],
  ['172.16.0.0/12', 'private use'],
  // Its anycast entries (192.0.0.9 and .10) are globally reachable, but no receiver is there.
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.0.0/29', 'IPv4 service continuity prefix (DS-Lite)'],
  ['192.0.0.8/32', 'IPv4 dummy address'],
  ['192.0.0.170/31', 'NAT64/DNS64 discovery'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast'],
  ['192.88.99.2/32', '6a44 relay anycast'],
  ['192.168.0.0/16', 'private use'],
  ['198.18.0.0/15', 'benchmarking, used inside some networks'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['255.255.255.255/32', 'limited broadcast'],
  ['::/3', 'not global unicast: ::, ::1, IPv4-compatible, SIIT, local NAT64, discard-only, …'],
  ['4000::/2', 'not global unicast (includes SRv6 SIDs 5f00::/16)'],
  ['8000::/1', 'not global unicast: unique local fc00::/7, link-local fe80::/10, site-local, multicast'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'deprecated IPv4-compatible'],
  ['::ffff:0:0:0/96', 'IPv4-translated (SIIT)'],
  ['64:ff9b:1::/48', 'IPv4-IPv6 translation, local use'],
  ['100::/64', 'discard-only'],
  ['100:0:0:1::/64', 'dummy IPv6 prefix'],
  // Its globally reachable entries (anycast, AMT, AS112, ORCHIDv2, DETs) have no receivers.
  ['2001::/23', 'IETF protocol assignments'],
  ['2001::/32', 'Teredo'],
  ['2001:2::/48', 'benchmarking'],
  ['2001:10::/28', 'deprecated ORCHID'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', '6to4'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'segment routing (SRv6) SIDs'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'deprecated site-local'],
  ['ff00::/8', 'multicast'],
];

// One list per family: a BlockList also matches IPv4 addresses against its IPv6 rules (as
// ::ffff:a.b.c.d), so ::/3 would swallow all of IPv4.
const NON_PUBLIC = { ipv4: new BlockList(), ipv6: new BlockList() };
for (const [cidr] of NON_PUBLIC_RANGES) {
  const [network = '', bits = ''] = cidr.split('/');
  const family = isIP(network) === 4 ? 'ipv4' : 'ipv6';
  NON_PUBLIC[family].addSubnet(network, Number(bits), family);
}
const isNonPublicV4 = (ip: string) => NON_PUBLIC.ipv4.check(ip, 'ipv4');

/**
 * Whether an IP address is on the public internet. Anything that is not an IP address is not.
 * IPv4-mapped addresses and the well-known NAT64 prefix are judged by the IPv4 address they carry.
 */
export function isPublicAddress(address: string): boolean {
  const ip = withoutZone(address); // a zone id (fe80::1%eth0) would make BlockList match nothing
  switch (isIP(ip)) {
    case 4:
      return !isNonPublicV4(ip);
    case 6: {
      const v4 = embeddedIPv4(ip);
      return v4 === undefined ? !NON_PUBLIC.ipv6.check(ip, 'ipv6') : !isNonPublicV4(formatIPv4(v4));
    }
    default:
      return false;
  }
}

/**
 * The IPv4 address an IPv6 one stands for, where connecting to it means reaching exactly that:
 * IPv4-mapped (::ffff:0:0/96, which the kernel connects to over IPv4) and the well-known NAT64
 * prefix 64:ff9b::/96 (RFC 6052; DNS64 gives IPv6-only hosts these for IPv4-only names, so
 * refusing the whole prefix would cut such hosts off from every IPv4 receiver).
 */
function embeddedIPv4(ip: string): number | undefined {
  const groups = parseIPv6(ip);
  if (!groups) return undefined;
  const isNat64 = groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((group) => group === 0);
  return isNat64 ? lastIPv4(groups) : mappedIPv4(groups);
}
