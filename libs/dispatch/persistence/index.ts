export * from './dispatch.store';
export * from './reaper.queries';
