import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChaosEngine } from './chaos/chaos-engine';
import { chaosRoutes } from './chaos/chaos-control';
import { controlRoutes } from './control/control-api';
import type { ProviderEmulator } from './control/provider-emulator';
import { chaosOfEmulators, type EmulatorContext } from './emulator-registration';
import { EMULATORS } from './emulators';
import type { ProviderName } from './provider-name';
import { resolveSandboxOptions, SandboxOptions, WEBHOOK_MAX_ATTEMPTS, WEBHOOK_RETRY_MAX_MS } from './sandbox.options';
import { ProviderModes } from './server/provider-modes';
import { ProviderWallets } from './server/provider-wallets';
import { RequestLog } from './server/request-log';
import { Router } from './server/router';
import { TimerSet } from './server/timer-set';
import { TransferStore } from './store/transfer.store';
import { WebhookDispatcher } from './webhooks/webhook.dispatcher';

/** Where each emulator and the control API answer under `url`, for the start-up log line. */
export const describeSandboxRoutes = (url: string): string =>
  [...EMULATORS.map((emulator) => emulator.describeRoutes(url)), `control ${url}/_sandbox`].join(', ');

export interface Sandbox {
  /** Starts listening; `url` is the base of every route (each emulator's, and `${url}/_sandbox`). */
  listen(): Promise<{ port: number; url: string }>;
  /** Stops the server, held responses, outcome timers and webhook deliveries (scheduled and in flight). */
  close(): Promise<void>;
  /** Forgets every transfer, request, idempotency key and event; cancels pending webhooks; every provider back up,
   * every wallet unlimited. */
  reset(): void;
}

/** The provider sandbox: the emulators of libs/sandbox/emulators.ts, their scenario table and the /_sandbox control API. */
export function createSandbox(options: SandboxOptions): Sandbox {
  const settings = resolveSandboxOptions(options);
  const { now, logger, webhookDelayMs, timeoutHoldMs, webhookTarget } = settings;
  const store = new TransferStore();
  const requests = new RequestLog();
  const modes = new ProviderModes();
  const wallets = new ProviderWallets();
  const outcomeTimers = new TimerSet();
  const dispatcher = new WebhookDispatcher({
    retryBaseMs: settings.webhookRetryBaseMs,
    retryMaxMs: WEBHOOK_RETRY_MAX_MS,
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    logger,
    now,
  });

  const chaosOptions = settings.chaos;
  const chaos = new ChaosEngine(
    {
      webhookDelayMs,
      holdMs: timeoutHoldMs,
      answerDelayMs: chaosOptions.answerDelayMs ?? 100,
      lateMaxMs: chaosOptions.lateMaxMs ?? 2_000,
      reviewMaxMs: chaosOptions.lateMaxMs ?? 2_000,
    },
    chaosOfEmulators(EMULATORS, chaosOptions),
    chaosOptions.seed === undefined
      ? undefined
      : { seed: chaosOptions.seed, profile: chaosOptions.profile ?? 'default' },
  );
  const context: EmulatorContext = {
    store,
    wallets,
    dispatcher,
    timers: outcomeTimers,
    chaos,
    webhookTarget,
    webhookDelayMs,
    timeoutHoldMs,
    now,
  };
  const emulators = EMULATORS.map((emulator) => ({ name: emulator.name, ...emulator.mount(context, settings) }));

  const reset = (): void => {
    outcomeTimers.cancelAll();
    dispatcher.cancelAll();
    store.clear();
    requests.clear();
    modes.clear();
    wallets.clear();
    for (const emulator of emulators) emulator.reset();
    chaos.reset();
    logger.info({}, 'sandbox reset');
  };

  const router: Router = new Router({
    routes: [
      ...emulators.flatMap((emulator) => emulator.routes),
      ...controlRoutes({
        store,
        requests,
        modes,
        wallets,
        emulators: Object.fromEntries(emulators.map(({ name, emulator }) => [name, emulator])) as Record<
          ProviderName,
          ProviderEmulator
        >,
        reset,
        logger,
      }),
      ...chaosRoutes({
        chaos,
        logger,
        pending: (): Record<string, number> => ({
          outcomeTimers: outcomeTimers.size,
          webhookDeliveries: dispatcher.pendingCount,
          heldAnswers: router.holds.size,
        }),
      }),
    ],
    modes,
    requests,
    timeoutHoldMs,
    logger,
    now,
  });

  const server = http.createServer((req, res) => {
    router.handle(req, res).catch((failure: unknown) => {
      logger.error({ error: { message: (failure as Error).message } }, 'sandbox request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.keepAliveTimeout = 65_000;

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(settings.port, settings.host, () => {
          server.off('error', reject);
          const { port } = server.address() as AddressInfo;
          resolve({ port, url: `http://${urlHost(settings.host)}:${port}` });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        outcomeTimers.cancelAll();
        dispatcher.cancelAll();
        router.holds.cancelAll();
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    reset,
  };
}

/** A wildcard bind is reached through loopback; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
