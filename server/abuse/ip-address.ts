/**
 * IP address text, parsed and formatted without any runtime's APIs (Workers have no node:net).
 * Strict: what these accept is what RFC 4291 (IPv6) and dotted-quad IPv4 allow, nothing more.
 */

/** A dotted-quad IPv4 address as a 32-bit number, or undefined. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    // Decimal only, no leading zeros (which some parsers read as octal).
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** An IPv6 address (no zone id) as its eight 16-bit groups, or undefined. */
export function parseIPv6(text: string): number[] | undefined {
  if (text.length > 45) return undefined; // the longest form, with a dotted IPv4 tail
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const sides: number[][] = [];
  for (const [index, half] of halves.entries()) {
    const groups: number[] = [];
    const parts = half === '' ? [] : half.split(':');
    for (const [position, part] of parts.entries()) {
      const last = index === halves.length - 1 && position === parts.length - 1;
      const v4 = last && part.includes('.') ? parseIPv4(part) : undefined;
      if (v4 !== undefined) groups.push(v4 >>> 16, v4 & 0xffff);
      else if (/^[0-9a-fA-F]{1,4}$/.test(part)) groups.push(parseInt(part, 16));
      else return undefined;
    }
    sides.push(groups);
  }
  const [left = [], right] = sides;
  if (right === undefined) return left.length === 8 ? left : undefined;
  const missing = 8 - left.length - right.length;
  // `::` stands for at least one group of zeros.
  return missing >= 1 ? [...left, ...new Array<number>(missing).fill(0), ...right] : undefined;
}

/** The address without an IPv6 zone id (`fe80::1%eth0` → `fe80::1`). */
export function withoutZone(address: string): string {
  return address.split('%', 1)[0] ?? '';
}

/** The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, `::ffff:0a00:1`) stands for. */
export function mappedIPv4(groups: readonly number[]): number | undefined {
  const isMapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  return isMapped ? lastIPv4(groups) : undefined;
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
export function lastIPv4(groups: readonly number[]): number {
  return (((groups[6] ?? 0) << 16) | (groups[7] ?? 0)) >>> 0;
}

/**
 * The key a client is counted under for rate limits: an IPv4 address as itself (IPv4-mapped IPv6
 * included, so a dual-stack socket's `::ffff:1.2.3.4` and `1.2.3.4` are one client), an IPv6
 * address as its network of `ipv6PrefixLength` bits (`2001:db8:1:2::/64`): one subscriber gets a
 * whole /64 or more and may use any address in it, so counting full addresses would let one
 * client rotate past every limit. Text that is not an IP address is returned as given.
 */
export function clientNetworkKey(address: string, ipv6PrefixLength = 64): string {
  const ip = withoutZone(address.trim());
  const v4 = parseIPv4(ip);
  if (v4 !== undefined) return formatIPv4(v4);
  const groups = parseIPv6(ip);
  if (!groups) return address;
  const mapped = mappedIPv4(groups);
  if (mapped !== undefined) return formatIPv4(mapped);
  const network = groups.map((group, index) => {
    const bitsKept = Math.min(16, Math.max(0, ipv6PrefixLength - index * 16));
    return group & ((0xffff << (16 - bitsKept)) & 0xffff);
  });
  return `${network.map((group) => group.toString(16)).join(':')}/${ipv6PrefixLength}`;
}
