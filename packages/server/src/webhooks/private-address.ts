import { isIP } from 'node:net';

/** IPv4 ranges a webhook must not reach: `[first address as a 32-bit number, prefix length]`. */
const privateIpv4Ranges: [number, number][] = [
  [ipv4Number(0, 0, 0, 0), 8], // "this network", includes the unspecified 0.0.0.0
  [ipv4Number(10, 0, 0, 0), 8], // RFC 1918
  [ipv4Number(100, 64, 0, 0), 10], // carrier-grade NAT
  [ipv4Number(127, 0, 0, 0), 8], // loopback
  [ipv4Number(169, 254, 0, 0), 16], // link-local (cloud metadata lives here)
  [ipv4Number(172, 16, 0, 0), 12], // RFC 1918
  [ipv4Number(192, 0, 0, 0), 24], // IETF protocol assignments
  [ipv4Number(192, 168, 0, 0), 16], // RFC 1918
  [ipv4Number(198, 18, 0, 0), 15], // benchmarking
  [ipv4Number(224, 0, 0, 0), 4], // multicast
  [ipv4Number(240, 0, 0, 0), 4], // reserved, includes the broadcast 255.255.255.255
];

function ipv4Number(first: number, second: number, third: number, fourth: number): number {
  return ((first << 24) | (second << 16) | (third << 8) | fourth) >>> 0;
}

function isInRange(address: number, [first, prefixLength]: [number, number]): boolean {
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return (address & mask) >>> 0 === first;
}

function isPrivateIpv4Number(address: number): boolean {
  return privateIpv4Ranges.some((range) => isInRange(address, range));
}

function parseIpv4(text: string): number {
  const [first = 0, second = 0, third = 0, fourth = 0] = text.split('.').map(Number);
  return ipv4Number(first, second, third, fourth);
}

/** The eight 16-bit groups of an address `net.isIP` already accepted as IPv6. */
function parseIpv6(text: string): number[] {
  let address = text.split('%')[0] ?? '';
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    const embedded = parseIpv4(tail);
    address = `${address.slice(0, lastColon + 1)}${(embedded >>> 16).toString(16)}:${(embedded & 0xffff).toString(16)}`;
  }
  const [head = '', rest] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const zeros = new Array<string>(8 - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups].map((group) => Number.parseInt(group, 16));
}

function embeddedIpv4(high: number, low: number): number {
  return ((high << 16) | low) >>> 0;
}

function isPrivateIpv6(text: string): boolean {
  const groups = parseIpv6(text);
  if (groups.length !== 8 || groups.some((group) => Number.isNaN(group))) return true;
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const last32 = embeddedIpv4(g6, g7);
  const zeroUpTo = (count: number) => groups.slice(0, count).every((group) => group === 0);

  // ::/96 holds the unspecified ::, the loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d.
  if (zeroUpTo(6)) return isPrivateIpv4Number(last32);
  // IPv4-mapped ::ffff:a.b.c.d and IPv4-translated ::ffff:0:a.b.c.d.
  if (zeroUpTo(5) && g5 === 0xffff) return isPrivateIpv4Number(last32);
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) return isPrivateIpv4Number(last32);
  // NAT64: the well-known prefix 64:ff9b::/96 embeds an IPv4 address; 64:ff9b:1::/48 is for local use.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    return isPrivateIpv4Number(last32);
  }
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return true;
  // 6to4 2002:AABB:CCDD::/48 embeds the IPv4 address AA.BB.CC.DD.
  if (g0 === 0x2002) return isPrivateIpv4Number(embeddedIpv4(g1, g2));
  if ((g0 & 0xffc0) === 0xfe80) return true; // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true; // deprecated site-local fec0::/10
  if ((g0 & 0xfe00) === 0xfc00) return true; // unique-local fc00::/7
  if ((g0 & 0xff00) === 0xff00) return true; // multicast ff00::/8
  return false;
}

/**
 * Whether a webhook must not be sent to this address: loopback, unspecified,
 * RFC 1918, link-local, CGNAT, unique-local, multicast, broadcast and reserved
 * ranges, and IPv6 forms embedding such an IPv4 address (mapped, compatible,
 * translated, NAT64, 6to4). Anything that is not an IP address counts as
 * private: the check fails closed.
 */
export function isPrivateAddress(ip: string): boolean {
  const version = isIP(ip);
  if (version === 4) return isPrivateIpv4Number(parseIpv4(ip));
  if (version === 6) return isPrivateIpv6(ip);
  return true;
}

/** The host of a URL as an address or name: without IPv6 brackets or a trailing dot. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isLocalhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * The problem with a webhook URL, or null when it may be used: http or https
 * only, no credentials, and unless `allowPrivate`, no literal private address
 * and no `localhost`. Names are checked again, once resolved, when sending.
 */
export function checkWebhookUrl(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must use http or https';
  if (parsed.username !== '' || parsed.password !== '') return 'must not contain a username or password';
  const host = urlHost(parsed);
  if (host === '') return 'must have a host';
  if (allowPrivate) return null;
  if (isIP(host) !== 0 && isPrivateAddress(host)) return 'must not point to a private address';
  if (isLocalhostName(host)) return 'must not point to a private address (localhost)';
  return null;
}
