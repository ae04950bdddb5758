export { DispatchStore } from './dispatch.store';
export { ReaperQueries } from './reaper.queries';
export { BatchFeedQueries } from './batch-feed.queries';
