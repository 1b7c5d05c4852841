import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { withoutZone } from '../abuse/ip-address.ts';

/**
 * Which hops in front of the server are proxies of the operator's: the first `hops` (counted from
 * the socket), or any whose address is in `ranges`. Nothing else's X-Forwarded-For is believed.
 */
export type TrustedProxies = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'ranges'; ranges: BlockList };

/** Names proxy-addr (Express's `trust proxy`) also accepts, for proxies on the same host or network. */
const NAMED_RANGES = new Map([
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['linklocal', ['169.254.0.0/16', 'fe80::/10']],
  ['uniquelocal', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']],
]);

const MAX_HOPS = 16;

const HOW = `the number of proxies in front of Heed (1 for Caddy or nginx on this host), or the proxies' addresses and CIDR ranges (loopback, 10.0.0.0/8, …)`;

/**
 * `HEED_TRUST_PROXY`: `false` (the default; the socket's peer is the client), a hop count, or a
 * list of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal (commas or spaces
 * between them). `true` is refused: Express reads it as "believe the leftmost address", which any
 * client can write, and Heed used to read it as one hop; either way the operator has to say which.
 */
export const TrustProxySchema = z.string().transform((text, ctx): TrustedProxies => {
  const value = text.trim().toLowerCase();
  if (['', 'false', 'no', '0'].includes(value)) return { kind: 'none' };
  if (value === 'true' || value === 'yes') {
    ctx.addIssue({ code: 'custom', message: `"${value}" does not say which proxy to trust: give ${HOW}.` });
    return z.NEVER;
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops <= MAX_HOPS) return { kind: 'hops', hops };
    ctx.addIssue({ code: 'custom', message: `${hops} proxies in a row is more than ${MAX_HOPS}: give ${HOW}.` });
    return z.NEVER;
  }
  const ranges = new BlockList();
  for (const item of value.split(/[\s,]+/).filter(Boolean)) {
    const added = NAMED_RANGES.get(item)?.every((range) => addRange(ranges, range)) ?? addRange(ranges, item);
    if (!added) {
      ctx.addIssue({
        code: 'custom',
        message: `"${item.slice(0, 60)}" is not an IP address, a CIDR range or one of ${[...NAMED_RANGES.keys()].join(', ')}: give ${HOW}.`,
      });
      return z.NEVER;
    }
  }
  return { kind: 'ranges', ranges };
});

/** Adds `address` or `address/prefix` to the list; false if it is neither. */
function addRange(list: BlockList, range: string): boolean {
  const [address = '', prefix, ...rest] = range.split('/');
  const version = isIP(address);
  const maxBits = version === 4 ? 32 : 128;
  if (version === 0 || rest.length > 0 || (prefix !== undefined && !/^\d{1,3}$/.test(prefix))) return false;
  const bits = prefix === undefined ? maxBits : Number(prefix);
  if (bits > maxBits) return false;
  list.addSubnet(address, bits, version === 4 ? 'ipv4' : 'ipv6');
  return true;
}

function isTrusted(proxies: TrustedProxies, address: string, hop: number): boolean {
  switch (proxies.kind) {
    case 'none':
      return false;
    case 'hops':
      return hop < proxies.hops;
    case 'ranges': {
      // An IPv4-mapped peer (`::ffff:127.0.0.1`, a dual-stack socket's) matches IPv4 ranges too.
      const ip = withoutZone(address);
      const version = isIP(ip);
      return version !== 0 && proxies.ranges.check(ip, version === 4 ? 'ipv4' : 'ipv6');
    }
  }
}

/**
 * The client's address, as Express's `trust proxy` finds it: start at the socket's peer and, while
 * the address in hand is a trusted proxy, step to the entry it appended to X-Forwarded-For (the
 * header is read from the right). The first untrusted address is the client: what lies left of it
 * was written by the client itself. A peer that is not a trusted proxy means the header is
 * ignored, so a client that reaches the port directly cannot choose its address. An entry that is
 * not an IP address ends the walk at the hop that passed it on.
 */
export function resolveClientAddress(
  proxies: TrustedProxies,
  peer: string | undefined,
  forwardedFor: string | undefined,
): string | undefined {
  if (peer === undefined || !forwardedFor) return peer;
  const entries = forwardedFor.split(',');
  let client = peer;
  // At most one step per entry, from the right.
  for (let hop = 0; hop < entries.length; hop += 1) {
    if (!isTrusted(proxies, client, hop)) break;
    const next = entries[entries.length - 1 - hop]!.trim();
    if (isIP(withoutZone(next)) === 0) break;
    client = next;
  }
  return client;
}

/** The Node server's `clientAddress`: the socket's peer, and X-Forwarded-For as far as `proxies` are trusted. */
export function nodeClientAddress(proxies: TrustedProxies): (c: Context) => string | undefined {
  return (c) => resolveClientAddress(proxies, getConnInfo(c).remote.address, c.req.header('x-forwarded-for'));
}
