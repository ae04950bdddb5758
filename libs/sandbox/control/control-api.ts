import { isProviderName, PROVIDER_NAMES, ProviderName } from '../provider-name';
import type { ReviewRelease } from '../scenarios/scenario.table';
import { json, Reply, SandboxRequest } from '../server/http-io';
import { isProviderMode, ProviderModes } from '../server/provider-modes';
import { parseWalletBalance, type ProviderWallets } from '../server/provider-wallets';
import type { RequestLog } from '../server/request-log';
import type { Route } from '../server/route';
import type { TransferStore } from '../store/transfer.store';
import { transferRow } from '../store/transfer.view';
import { TRANSFER_STATUSES, type TransferStatus } from '../store/transfer';
import type { ProviderEmulator } from './provider-emulator';

export interface ControlApiDeps {
  store: TransferStore;
  requests: RequestLog;
  modes: ProviderModes;
  wallets: ProviderWallets;
  emulators: Readonly<Record<ProviderName, ProviderEmulator>>;
  reset(): void;
  logger: { info(obj: object, msg?: string): void };
}

const problem = (status: number, code: string, message: string): Reply => json(status, { error: { code, message } });

const bodyOf = (request: SandboxRequest): Record<string, unknown> | undefined => {
  if (request.body.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(request.body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

/** `/_sandbox`: what was recorded and asked, and the levers (release, modes, redelivery, reset). Loopback only. */
export function controlRoutes(deps: ControlApiDeps): Route[] {
  return [
    { method: 'GET', pattern: /^\/_sandbox\/transfers\/?$/, handle: (request) => listTransfers(deps, request.query) },
    { method: 'GET', pattern: /^\/_sandbox\/requests\/?$/, handle: (request) => listRequests(deps, request.query) },
    {
      method: 'POST',
      pattern: /^\/_sandbox\/transfers\/([^/]+)\/([^/]+)\/release\/?$/,
      handle: (request) => release(deps, request),
    },
    {
      method: 'POST',
      pattern: /^\/_sandbox\/transfers\/([^/]+)\/seed\/?$/,
      handle: (request) => seed(deps, request),
    },
    { method: 'GET', pattern: /^\/_sandbox\/providers\/?$/, handle: () => json(200, { data: deps.modes.all() }) },
    { method: 'GET', pattern: /^\/_sandbox\/providers\/([^/]+)\/?$/, handle: (request) => showProvider(deps, request) },
    { method: 'PUT', pattern: /^\/_sandbox\/providers\/([^/]+)\/?$/, handle: (request) => setProvider(deps, request) },
    { method: 'POST', pattern: /^\/_sandbox\/webhooks\/redeliver\/?$/, handle: (request) => redeliver(deps, request) },
    {
      method: 'POST',
      pattern: /^\/_sandbox\/reset\/?$/,
      handle: () => {
        deps.reset();
        return json(200, { data: { reset: true } });
      },
    },
  ];
}

function listTransfers(deps: ControlApiDeps, query: URLSearchParams): Reply {
  const provider = query.get('provider') || undefined;
  if (provider !== undefined && !isProviderName(provider)) return problem(400, 'validation_failed', 'unknown provider');
  const amount = query.get('amount') || undefined;
  if (amount !== undefined && !/^\d{1,19}$/.test(amount)) {
    return problem(400, 'validation_failed', 'amount must be integer minor units');
  }
  const rows = deps.store.find({
    provider,
    reference: query.get('reference') || undefined,
    amountMinor: amount === undefined ? undefined : BigInt(amount),
  });
  return json(200, { data: rows.map(transferRow) });
}

function listRequests(deps: ControlApiDeps, query: URLSearchParams): Reply {
  const provider = query.get('provider') || undefined;
  if (provider !== undefined && !isProviderName(provider)) return problem(400, 'validation_failed', 'unknown provider');
  const since = query.get('since');
  const sinceMs = since ? Date.parse(since) : undefined;
  if (sinceMs !== undefined && Number.isNaN(sinceMs))
    return problem(400, 'validation_failed', 'since must be an ISO time');
  const reference = query.get('reference') || undefined;
  const data = deps.requests.list({ provider, sinceMs, reference }).map(({ atMs: _atMs, ...entry }) => entry);
  return json(200, { data });
}

function release(deps: ControlApiDeps, request: SandboxRequest): Reply {
  const [provider, reference] = request.params;
  if (!isProviderName(provider)) return problem(404, 'not_found', 'unknown provider');
  const body = bodyOf(request);
  const outcome = body?.outcome;
  if (!body || (outcome !== undefined && outcome !== 'sent' && outcome !== 'rejected')) {
    return problem(400, 'validation_failed', 'body may only be { "outcome": "sent" | "rejected" }');
  }
  const result = deps.emulators[provider].release(reference, outcome as ReviewRelease | undefined);
  if (result.kind === 'not_found') return problem(404, 'not_found', 'no recorded transfer with that reference');
  if (result.kind === 'not_in_review') {
    return problem(409, 'not_in_review', `the transfer is ${result.status}, not in manual review`);
  }
  deps.logger.info({ provider, reference, status: result.transfer.status }, 'sandbox review released');
  return json(200, { data: transferRow(result.transfer) });
}

/** Seeds at most this many transfers per call (a day of 100,000 payouts fits). */
const MAX_SEED_COUNT = 1_000_000;

function seed(deps: ControlApiDeps, request: SandboxRequest): Reply {
  const [provider] = request.params;
  if (!isProviderName(provider)) return problem(404, 'not_found', 'unknown provider');
  const body = bodyOf(request) ?? {};
  const { count, referencePrefix, amount, createdFrom, createdTo } = body;
  const status = body.status ?? 'sent';
  const fromMs = typeof createdFrom === 'string' ? Date.parse(createdFrom) : NaN;
  const toMs = typeof createdTo === 'string' ? Date.parse(createdTo) : NaN;
  if (
    !Number.isInteger(count) ||
    (count as number) < 1 ||
    (count as number) > MAX_SEED_COUNT ||
    typeof referencePrefix !== 'string' ||
    referencePrefix.length === 0 ||
    typeof amount !== 'string' ||
    !/^[1-9]\d{0,17}$/.test(amount) ||
    Number.isNaN(fromMs) ||
    Number.isNaN(toMs) ||
    fromMs >= toMs ||
    !(TRANSFER_STATUSES as readonly unknown[]).includes(status)
  ) {
    return problem(
      400,
      'validation_failed',
      `body must be { "count": 1..${MAX_SEED_COUNT}, "referencePrefix": "...", "amount": "<minor units>", ` +
        '"createdFrom": "<ISO time>", "createdTo": "<later ISO time>", "status"?: "<transfer status>" }',
    );
  }
  const transfers = deps.emulators[provider].seed({
    count: count as number,
    referencePrefix,
    amountMinor: BigInt(amount),
    createdFrom: new Date(fromMs),
    createdTo: new Date(toMs),
    status: status as TransferStatus,
  });
  if (transfers.some((t) => deps.store.byReference(provider, t.reference) !== undefined)) {
    return problem(409, 'conflict', 'a reference of this seed is recorded already');
  }
  deps.store.addAll(transfers);
  deps.logger.info({ provider, count }, 'sandbox transfers seeded');
  return json(201, { data: { provider, seeded: transfers.length } });
}

const providerView = (deps: ControlApiDeps, provider: ProviderName) => ({
  provider,
  mode: deps.modes.get(provider),
  balance: deps.wallets.get(provider)?.toString() ?? null,
});

function showProvider(deps: ControlApiDeps, request: SandboxRequest): Reply {
  const [provider] = request.params;
  if (!isProviderName(provider)) return problem(404, 'not_found', 'unknown provider');
  return json(200, { data: providerView(deps, provider) });
}

/** `{ mode?, balance? }`, at least one: both are checked before either is applied. */
function setProvider(deps: ControlApiDeps, request: SandboxRequest): Reply {
  const [provider] = request.params;
  if (!isProviderName(provider)) return problem(404, 'not_found', 'unknown provider');
  const body = bodyOf(request);
  const hasMode = body !== undefined && 'mode' in body;
  const hasBalance = body !== undefined && 'balance' in body;
  if (!body || (!hasMode && !hasBalance)) {
    return problem(400, 'validation_failed', 'body must have "mode" (up, down, slow) and/or "balance"');
  }
  const mode = body.mode;
  if (hasMode && !isProviderMode(mode)) return problem(400, 'validation_failed', 'mode must be up, down or slow');
  const balance = hasBalance ? parseWalletBalance(body.balance) : undefined;
  if (hasBalance && balance === undefined) {
    return problem(400, 'validation_failed', 'balance must be a decimal string of minor units, or null (unlimited)');
  }
  if (hasMode && isProviderMode(mode)) deps.modes.set(provider, mode);
  if (balance !== undefined) deps.wallets.set(provider, balance);
  const view = providerView(deps, provider);
  deps.logger.info(view, 'sandbox provider changed');
  return json(200, { data: view });
}

function redeliver(deps: ControlApiDeps, request: SandboxRequest): Reply {
  const body = bodyOf(request);
  const provider = body?.provider;
  const reference = body?.reference;
  if (!isProviderName(provider) || typeof reference !== 'string') {
    const names = PROVIDER_NAMES.map((name) => `"${name}"`).join(' | ');
    return problem(400, 'validation_failed', `body must be { "provider": ${names}, "reference": "..." }`);
  }
  const count = deps.emulators[provider].redeliver(reference);
  if (count === undefined) return problem(404, 'not_found', 'no recorded transfer with that reference');
  return json(202, { data: { provider, reference, redelivered: count } });
}
