export { AddressRanges } from './address-ranges';
export {
  addressRanges,
  defineSlice,
  duration,
  durationMap,
  integer,
  list,
  oneOf,
  positiveNumber,
  text,
  url,
} from './config-entry';
export type { ConfigEntry, ConfigSlice } from './config-entry';
export { parseDurationOrThrow } from './duration';
export { collectProblems, loadSlice, secretValues } from './load-config';
export { ConfigService } from './config.service';
export { ConfigModule } from './config.module';
export { assertConfigOrExit } from './assert-config';
export { platformConfig } from './platform.config';
export { publishedSecretProblems, sandboxBaseUrl } from './sandbox-defaults';
