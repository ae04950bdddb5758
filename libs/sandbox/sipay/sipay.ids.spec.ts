import { SipayIds } from './sipay.ids';

describe('SipayIds', () => {
  it('issues increasing 64-bit ids above 2^53 that a double cannot hold', () => {
    const ids = new SipayIds(1_777_381_200_000);
    let previous = 0n;
    for (let i = 0; i < 1_000; i += 1) {
      const id = ids.next();
      expect(id > 2n ** 53n && id < 2n ** 63n).toBe(true);
      expect(id > previous).toBe(true);
      expect(BigInt(Number(id))).not.toBe(id);
      expect(String(Number(id))).not.toBe(id.toString());
      previous = id;
    }
  });

  it('skips ids whose double prints the same digits (a lossy parser would look right)', () => {
    const ids = new SipayIds(0);
    (ids as unknown as { last: bigint }).last = 1882604243219659999n;
    expect(ids.next()).not.toBe(1882604243219660000n);
  });

  it('never repeats across a restart: a later start begins above every id issued before', () => {
    const first = new SipayIds(1_777_381_200_000);
    let last = 0n;
    for (let i = 0; i < 10_000; i += 1) last = first.next();
    expect(new SipayIds(1_777_381_200_001).next() > last).toBe(true);
  });
});
