export { PurgeProviderBodies } from './purge-provider-bodies';
