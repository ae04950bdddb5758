export * from './queue-names';
export * from './queues.module';
export * from './job-scheduler-keeper';
export * from './queue-outage-shutdown';
export * from './idle-poll-interval';
