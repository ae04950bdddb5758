import { BlockList, isIP } from 'node:net';

/**
 * A set of IP addresses and CIDR ranges (`203.0.113.7`, `198.51.100.0/24`, `2001:db8::/32`), matched with Node's
 * BlockList, which also matches an IPv4-mapped IPv6 peer (`::ffff:198.51.100.9`, as a dual-stack socket reports it)
 * against IPv4 ranges.
 */
export class AddressRanges {
  private readonly blockList = new BlockList();

  /** Throws a message naming the first entry that is not an address or a CIDR range. */
  constructor(readonly entries: readonly string[]) {
    for (const entry of entries) {
      const [address, prefix, extra] = entry.split('/');
      const version = isIP(address);
      const family = version === 6 ? 'ipv6' : 'ipv4';
      const maxPrefix = version === 6 ? 128 : 32;
      if (version === 0 || extra !== undefined) throw new Error(`"${entry}" is not an IP address or CIDR range`);
      if (prefix === undefined) {
        this.blockList.addAddress(address, family);
        continue;
      }
      if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) {
        throw new Error(`"${entry}" has a prefix length outside 0..${maxPrefix}`);
      }
      this.blockList.addSubnet(address, Number(prefix), family);
    }
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  includes(address: string): boolean {
    const version = isIP(address);
    return version !== 0 && this.blockList.check(address, version === 6 ? 'ipv6' : 'ipv4');
  }
}
