export {
  SUBMITTING_SCHEDULE,
  MANUAL_REVIEW_SCHEDULE,
  nextCheck,
  slotOffsetMs,
  pollScheduleProblems,
} from './poll-schedule';
export type { NextCheckParams, NextCheck } from './poll-schedule';
export * from './schedule-for-status';
