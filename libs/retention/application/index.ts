export * from './purge-provider-bodies';
