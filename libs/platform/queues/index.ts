export { QUEUE_NAMES, QUEUE_PREFIX } from './queue-names';
export type { QueueName } from './queue-names';
export { QueuesModule } from './queues.module';
export { JobSchedulerKeeper, ScheduledProcessor, ScheduledWorkerHost } from './job-scheduler-keeper';
export type { ScheduledJob } from './job-scheduler-keeper';
export { closeWorkerQuickly } from './queue-outage-shutdown';
export { IDLE_POLL_MS, IdlePollInterval } from './idle-poll-interval';
