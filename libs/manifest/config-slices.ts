import { clientsConfig } from '@libs/clients/clients.config';
import { notificationsConfig } from '@libs/notifications/notifications.config';
import { outboxConfig } from '@libs/notifications/outbox/outbox.config';
import { payoutsConfig } from '@libs/payouts/payouts.config';
import { dispatchConfig } from '@libs/dispatch/dispatch.config';
import { ConfigSlice, platformConfig } from '@libs/platform/config';
import { apiProcessesConfig } from '@libs/platform/process/api-processes.config';
import { PROVIDER_REGISTRATIONS } from '@libs/providers';
import { reconciliationConfig } from '@libs/reconciliation/reconciliation.config';
import { retentionConfig } from '@libs/retention/retention.config';
import { sandboxConfig } from '@libs/sandbox/sandbox.config';
import { webhooksConfig } from '@libs/webhooks/webhooks.config';

/** Every configuration slice of every process: start-up validates them all, the README table lists them all. */
export const CONFIG_SLICES: readonly ConfigSlice[] = [
  platformConfig,
  apiProcessesConfig,
  payoutsConfig,
  clientsConfig,
  outboxConfig,
  ...PROVIDER_REGISTRATIONS.map((registration) => registration.config),
  sandboxConfig,
  webhooksConfig,
  retentionConfig,
  reconciliationConfig,
  dispatchConfig,
  notificationsConfig,
];
