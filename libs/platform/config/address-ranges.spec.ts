import { AddressRanges } from './address-ranges';

describe('AddressRanges', () => {
  const ranges = new AddressRanges(['203.0.113.7', '198.51.100.0/24', '2001:db8::/32', '::1']);

  it.each([
    ['an exact IPv4 address', '203.0.113.7'],
    ['an address inside an IPv4 range', '198.51.100.250'],
    ['an IPv4-mapped IPv6 address inside an IPv4 range', '::ffff:198.51.100.9'],
    ['an IPv4-mapped IPv6 form of an exact address', '::ffff:203.0.113.7'],
    ['an address inside an IPv6 range', '2001:db8:1234::42'],
    ['an exact IPv6 address', '::1'],
  ])('includes %s', (_case, address) => {
    expect(ranges.includes(address)).toBe(true);
  });

  it.each([
    ['a neighbour of an exact address', '203.0.113.8'],
    ['an address just outside an IPv4 range', '198.51.101.1'],
    ['an IPv6 address outside the range', '2001:db9::1'],
    ['something that is not an address', 'not-an-ip'],
    ['an empty string', ''],
  ])('excludes %s', (_case, address) => {
    expect(ranges.includes(address)).toBe(false);
  });

  it.each([
    ['a host name', 'sipay.example'],
    ['a prefix that is too long for IPv4', '198.51.100.0/33'],
    ['a prefix that is too long for IPv6', '2001:db8::/129'],
    ['a prefix that is not a number', '198.51.100.0/abc'],
    ['two slashes', '198.51.100.0/24/8'],
    ['an address with an octet above 255', '198.51.100.256'],
  ])('refuses %s with a message naming the entry', (_case, entry) => {
    expect(() => new AddressRanges([entry])).toThrow(entry);
  });
});
