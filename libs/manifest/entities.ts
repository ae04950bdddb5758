import { AuditLogEntity, ClientEntity } from '@libs/clients';
import { OutboxMessageEntity } from '@libs/notifications';
import {
  NotificationAttemptEntity,
  NotificationCursorEntity,
  NotificationDeliveryEntity,
} from '@libs/notifications/persistence';
import { IdempotencyKeyEntity, PayoutAttemptEntity, PayoutEntity, PayoutEventEntity } from '@libs/payouts';
import { ProviderDailyUsageEntity, ProviderSettingsEntity, RoutingRuleEntity } from '@libs/routing/persistence';
import { WebhookInboxEntity } from '@libs/webhooks/persistence/webhook-inbox.entity';

// Every TypeORM entity. The migration drift test compares exactly this list with the migrations.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ENTITIES: Function[] = [
  ClientEntity,
  AuditLogEntity,
  PayoutEntity,
  PayoutAttemptEntity,
  PayoutEventEntity,
  IdempotencyKeyEntity,
  OutboxMessageEntity,
  WebhookInboxEntity,
  RoutingRuleEntity,
  ProviderSettingsEntity,
  ProviderDailyUsageEntity,
  NotificationDeliveryEntity,
  NotificationAttemptEntity,
  NotificationCursorEntity,
];
