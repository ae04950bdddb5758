import { CreatePayouts1795391212679 } from './1795391212679-create-payouts';
import { CreateRouting1795392285525 } from './1795392285525-create-routing';
import { CreateWebhookInbox1795392315441 } from './1795392315441-create-webhook-inbox';
import { CreateNotificationDeliveries1795393329708 } from './1795393329708-create-notification-deliveries';
import { IndexAttemptsByCreation1795394707429 } from './1795394707429-index-attempts-by-creation';
import { AddNotificationWaitingFlag1795404373048 } from './1795404373048-add-notification-waiting-flag';
import { AddAttemptSendClaims1796400000000 } from './1796400000000-add-attempt-send-claims';
import { AddContradictionNotifications1796400000001 } from './1796400000001-add-contradiction-notifications';
import { SealWebhookBodies1796510000000 } from './1796510000000-seal-webhook-bodies';
import { AddProviderDailyUsage1796540000000 } from './1796540000000-add-provider-daily-usage';
import { AddCanceledDeliveries1796550000000 } from './1796550000000-add-canceled-deliveries';
import { AddCreatePayoutOnce1796610000000 } from './1796610000000-add-create-payout-once';
import { DropOutboxNotify1796630000000 } from './1796630000000-drop-outbox-notify';
import { AddPayoutTransitionFunctions1796700000000 } from './1796700000000-add-payout-transition-functions';
import { IndexPayoutsByIbanLast41796760000000 } from './1796760000000-index-payouts-by-iban-last4';
import { SchedulePayouts1796800000000 } from './1796800000000-schedule-payouts';
import { AddApprovals1796900000000 } from './1796900000000-add-approvals';
import { IndexLateFlips1796910000000 } from './1796910000000-index-late-flips';
import { AddPayoutBatches1797000000000 } from './1797000000000-add-payout-batches';
import { BatchLifecycle1797000500000 } from './1797000500000-batch-lifecycle';
import { AddBatchApprovals1797100000000 } from './1797100000000-add-batch-approvals';
import { AddPayoutRailAndHold1797150000000 } from './1797150000000-add-payout-rail-and-hold';
import { AddProviderBalances1797200000000 } from './1797200000000-add-provider-balances';
import { AddCalendarClosures1797250000000 } from './1797250000000-add-calendar-closures';
import { AddReconciliationRuns1797300000000 } from './1797300000000-add-reconciliation-runs';
import { FoldMoneyMovementIntoTransitions1797350000000 } from './1797350000000-fold-money-movement-into-transitions';

// Every migration, in order. `npm run migration:generate -- <verb-noun>` writes a new file here; add it to this list
// (a test fails when a file in this folder is missing from it). A shipped migration is never edited.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  CreatePayouts1795391212679,
  CreateRouting1795392285525,
  CreateWebhookInbox1795392315441,
  CreateNotificationDeliveries1795393329708,
  IndexAttemptsByCreation1795394707429,
  AddNotificationWaitingFlag1795404373048,
  AddAttemptSendClaims1796400000000,
  AddContradictionNotifications1796400000001,
  SealWebhookBodies1796510000000,
  AddProviderDailyUsage1796540000000,
  AddCanceledDeliveries1796550000000,
  AddCreatePayoutOnce1796610000000,
  DropOutboxNotify1796630000000,
  AddPayoutTransitionFunctions1796700000000,
  IndexPayoutsByIbanLast41796760000000,
  SchedulePayouts1796800000000,
  AddApprovals1796900000000,
  IndexLateFlips1796910000000,
  AddPayoutBatches1797000000000,
  BatchLifecycle1797000500000,
  AddBatchApprovals1797100000000,
  AddPayoutRailAndHold1797150000000,
  AddProviderBalances1797200000000,
  AddCalendarClosures1797250000000,
  AddReconciliationRuns1797300000000,
  FoldMoneyMovementIntoTransitions1797350000000,
];
