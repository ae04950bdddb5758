import { isIPv4, isIPv6 } from 'node:net';

/**
 * What kind of address a callback would connect to. Only `public` may be called without an allowlist entry;
 * `loopback` is also allowed in development. Everything that is not global unicast counts as not public, so an
 * address family or range nobody thought of is refused rather than let through.
 */
export const ADDRESS_KINDS = [
  'public',
  'loopback',
  'private',
  'link_local',
  'unique_local',
  'multicast',
  'unspecified',
  'reserved',
] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

interface Range {
  /** Network address as a bigint of the family's width. */
  network: bigint;
  prefix: number;
  kind: AddressKind;
}

const v4 = (text: string, prefix: number, kind: AddressKind): Range => ({
  network: ipv4ToBigInt(text),
  prefix,
  kind,
});
const v6 = (text: string, prefix: number, kind: AddressKind): Range => ({
  network: ipv6ToBigInt(text),
  prefix,
  kind,
});

// IANA special-purpose registries (RFC 6890 and successors); the first match wins, so narrower ranges come first.
const IPV4_RANGES: readonly Range[] = [
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'private'), // carrier-grade NAT: someone else's private network
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link_local'), // cloud metadata endpoints live here
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'), // includes 255.255.255.255
];

const IPV6_RANGES: readonly Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('64:ff9b:1::', 48, 'private'),
  v6('100::', 64, 'reserved'),
  v6('2001::', 32, 'reserved'), // Teredo: the IPv4 inside is obfuscated, so it cannot be checked
  v6('2001:db8::', 32, 'reserved'),
  v6('fc00::', 7, 'unique_local'),
  v6('fe80::', 10, 'link_local'),
  v6('fec0::', 10, 'private'), // deprecated site-local
  v6('ff00::', 8, 'multicast'),
];

/** IPv6 ranges that carry an IPv4 address: the embedded address decides, so ::ffff:127.0.0.1 is loopback. */
const EMBEDS_IPV4: readonly { network: bigint; prefix: number; shift: bigint }[] = [
  { network: ipv6ToBigInt('::ffff:0:0'), prefix: 96, shift: 0n }, // IPv4-mapped
  { network: ipv6ToBigInt('::'), prefix: 96, shift: 0n }, // IPv4-compatible (deprecated)
  { network: ipv6ToBigInt('64:ff9b::'), prefix: 96, shift: 0n }, // NAT64
  { network: ipv6ToBigInt('2002::'), prefix: 16, shift: 80n }, // 6to4
];

const GLOBAL_UNICAST_V6 = { network: ipv6ToBigInt('2000::'), prefix: 3 };

const inRange = (value: bigint, network: bigint, prefix: number, width: number): boolean => {
  const hostBits = BigInt(width - prefix);
  return value >> hostBits === network >> hostBits;
};

export class InvalidIpAddressError extends Error {
  override readonly name = 'InvalidIpAddressError';
}

/** The kind of an IPv4 or IPv6 address in text form (an IPv6 zone such as `%eth0` is ignored). */
export function addressKindOrThrow(address: string): AddressKind {
  const text = address.replace(/%.*$/, '');
  if (isIPv4(text)) return ipv4Kind(ipv4ToBigInt(text));
  if (isIPv6(text)) return ipv6Kind(ipv6ToBigInt(text));
  throw new InvalidIpAddressError(`"${address.slice(0, 64)}" is not an IP address`);
}

function ipv4Kind(value: bigint): AddressKind {
  return IPV4_RANGES.find((range) => inRange(value, range.network, range.prefix, 32))?.kind ?? 'public';
}

function ipv6Kind(value: bigint): AddressKind {
  // ::1 and :: sit inside the IPv4-compatible range; they are checked as themselves first.
  const exact = IPV6_RANGES.find((range) => range.prefix === 128 && range.network === value);
  if (exact) return exact.kind;
  for (const embed of EMBEDS_IPV4) {
    if (inRange(value, embed.network, embed.prefix, 128)) return ipv4Kind((value >> embed.shift) & 0xffffffffn);
  }
  const listed = IPV6_RANGES.find((range) => inRange(value, range.network, range.prefix, 128));
  if (listed) return listed.kind;
  return inRange(value, GLOBAL_UNICAST_V6.network, GLOBAL_UNICAST_V6.prefix, 128) ? 'public' : 'reserved';
}

function ipv4ToBigInt(text: string): bigint {
  return text.split('.').reduce((sum, part) => (sum << 8n) + BigInt(Number(part)), 0n);
}

/** Expands `::` and a trailing dotted IPv4 part; expects text that `isIPv6` accepted. */
function ipv6ToBigInt(text: string): bigint {
  let groups = text;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (dotted) {
    const value = ipv4ToBigInt(dotted[1]);
    groups = `${groups.slice(0, -dotted[1].length)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const [head, tail] = groups.split('::');
  const headParts = head ? head.split(':') : [];
  const tailParts = tail === undefined ? [] : tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array<string>(missing).fill('0'), ...tailParts];
  return parts.reduce((sum, part) => (sum << 16n) + BigInt(parseInt(part, 16)), 0n);
}
