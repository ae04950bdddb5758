import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time equality of a presented credential and the expected one, whatever their lengths. */
export function createSecretMatcher(expected: string): (presented: string | undefined) => boolean {
  const expectedDigest = createHash('sha256').update(expected).digest();
  return (presented) =>
    presented !== undefined && timingSafeEqual(createHash('sha256').update(presented).digest(), expectedDigest);
}
