import { lookup } from 'node:dns/promises';
import type { AddressResolver } from '../application';

/** Every address the system resolver gives for a name (A and AAAA, hosts file included), as the OS would connect. */
export const dnsAddressResolver: AddressResolver = {
  async resolve(hostname: string): Promise<string[]> {
    const answers = await lookup(hostname, { all: true, verbatim: true });
    return answers.map((answer) => answer.address);
  },
};
