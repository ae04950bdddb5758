export { DispatchStore } from './dispatch.store';
export { ReaperQueries } from './reaper.queries';
