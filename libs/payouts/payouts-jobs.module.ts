import { Module } from '@nestjs/common';
import { PayoutsModule } from './payouts.module';
import { DataSource } from 'typeorm';
import { scaledMs, TIME_SCALE, type Clock } from '@libs/platform/time';
import { CLOCK, FIRST_CHECK_AFTER_MS, TransitionPayout } from './application';
import { ExpireUnapprovedPayouts } from './application/expire-unapproved-payouts';
import { ReleaseScheduledPayouts } from './application/release-scheduled-payouts';
import { PayoutReleaseProcessor } from './payout-release.processor';
import { DueWaitingPayouts } from './persistence/due-waiting-payouts';

/** Scheduled payouts claimed per release run, and released at once. */
const RELEASE_BATCH = 200;
const RELEASE_CONCURRENCY = 4;
/** A claimed payout a dead worker was releasing comes back after this (scaled, at least 1s). */
const RELEASE_LEASE_MS = 30_000;
const RELEASE_LEASE_FLOOR_MS = 1_000;

/**
 * The worker's payouts jobs: the release of scheduled payouts and the expiry of unapproved ones (needs QueuesModule). The release belongs here, not
 * to dispatch: it is a status change of the payouts state machine (scheduled -> pending), after which dispatch
 * takes the payout through its ordinary outbox job like any pending one.
 */
@Module({
  imports: [PayoutsModule],
  providers: [
    {
      provide: ReleaseScheduledPayouts,
      inject: [DataSource, TransitionPayout, CLOCK, TIME_SCALE],
      useFactory: (dataSource: DataSource, transition: TransitionPayout, clock: Clock, timeScale: number) =>
        new ReleaseScheduledPayouts(new DueWaitingPayouts(dataSource.manager, 'scheduled'), transition, clock, {
          batchSize: RELEASE_BATCH,
          concurrency: RELEASE_CONCURRENCY,
          leaseMs: scaledMs(RELEASE_LEASE_MS, timeScale, RELEASE_LEASE_FLOOR_MS),
          firstCheckAfterMs: scaledMs(FIRST_CHECK_AFTER_MS, timeScale),
        }),
    },
    {
      provide: ExpireUnapprovedPayouts,
      inject: [DataSource, TransitionPayout, CLOCK, TIME_SCALE],
      useFactory: (dataSource: DataSource, transition: TransitionPayout, clock: Clock, timeScale: number) =>
        new ExpireUnapprovedPayouts(new DueWaitingPayouts(dataSource.manager, 'awaiting_approval'), transition, clock, {
          batchSize: RELEASE_BATCH,
          concurrency: RELEASE_CONCURRENCY,
          leaseMs: scaledMs(RELEASE_LEASE_MS, timeScale, RELEASE_LEASE_FLOOR_MS),
        }),
    },
    PayoutReleaseProcessor,
  ],
})
export class PayoutsJobsModule {}
