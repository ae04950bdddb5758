import { batchesConfig } from '@libs/batches';
import { clientsConfig } from '@libs/clients';
import { notificationsConfig, outboxConfig } from '@libs/notifications';
import { payoutsConfig } from '@libs/payouts';
import { dispatchConfig } from '@libs/dispatch';
import { clockConfig, ConfigSlice, platformConfig } from '@libs/platform/config';
import { apiProcessesConfig } from '@libs/platform/process';
import { opsConfig } from '@libs/ops';
import { PROVIDER_REGISTRATIONS } from '@libs/providers';
import { railsConfig } from '@libs/rails';
import { reconciliationConfig } from '@libs/reconciliation';
import { retentionConfig } from '@libs/retention';
import { sandboxConfig } from '@libs/sandbox';
import { webhooksConfig } from '@libs/webhooks';

/** Every configuration slice of every process: start-up validates them all, the README table lists them all. */
export const CONFIG_SLICES: readonly ConfigSlice[] = [
  platformConfig,
  clockConfig,
  opsConfig,
  apiProcessesConfig,
  payoutsConfig,
  batchesConfig,
  clientsConfig,
  outboxConfig,
  ...PROVIDER_REGISTRATIONS.map((registration) => registration.config),
  sandboxConfig,
  webhooksConfig,
  retentionConfig,
  reconciliationConfig,
  dispatchConfig,
  railsConfig,
  notificationsConfig,
];
