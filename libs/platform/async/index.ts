export { inLanes } from './in-lanes';
export { claimLeased } from './leased-claims';
export type { LeasedClaims } from './leased-claims';
