import { BatchApprovalEntity, PayoutBatchEntity } from '@libs/batches';
import { AuditLogEntity, ClientEntity } from '@libs/clients';
import {
  OutboxMessageEntity,
  NotificationAttemptEntity,
  NotificationCursorEntity,
  NotificationDeliveryEntity,
} from '@libs/notifications';
import {
  ApprovalPolicyEntity,
  IdempotencyKeyEntity,
  PayoutApprovalEntity,
  PayoutAttemptEntity,
  PayoutEntity,
  PayoutEventEntity,
} from '@libs/payouts';
import { CalendarClosureEntity } from '@libs/rails';
import {
  ReconciliationItemEntity,
  ReconciliationListedTransferEntity,
  ReconciliationRunEntity,
} from '@libs/reconciliation';
import {
  ProviderBalanceEntity,
  ProviderDailyUsageEntity,
  ProviderSettingsEntity,
  RoutingRuleEntity,
} from '@libs/routing';
import { WebhookInboxEntity } from '@libs/webhooks';

// Every TypeORM entity. The migration drift test compares exactly this list with the migrations.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [
  ClientEntity,
  AuditLogEntity,
  PayoutEntity,
  PayoutAttemptEntity,
  PayoutEventEntity,
  IdempotencyKeyEntity,
  PayoutBatchEntity,
  ApprovalPolicyEntity,
  PayoutApprovalEntity,
  BatchApprovalEntity,
  OutboxMessageEntity,
  WebhookInboxEntity,
  RoutingRuleEntity,
  ProviderSettingsEntity,
  ProviderBalanceEntity,
  ProviderDailyUsageEntity,
  NotificationDeliveryEntity,
  NotificationAttemptEntity,
  NotificationCursorEntity,
  CalendarClosureEntity,
  ReconciliationRunEntity,
  ReconciliationListedTransferEntity,
  ReconciliationItemEntity,
];
