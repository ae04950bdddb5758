import { bearerToken, json, Reply, SandboxRequest, header } from '../server/http-io';
import type { Route } from '../server/route';
import { createSecretMatcher } from '../server/secret-compare';
import type { TransferStore } from '../store/transfer.store';
import type { PientegraEmulator } from './pientegra.emulator';
import { notFound, pientegraError } from './pientegra.errors';
import type { PientegraEvent, PientegraEvents } from './pientegra.events';
import { listWithdrawals } from './pientegra.listing';
import type { PientegraNotifier } from './pientegra.notifier';
import { PIENTEGRA_DELIVERY_STATUSES, PientegraDeliveryStatus } from './pientegra.types';

export const PIENTEGRA_BASE_PATH = '/pientegra/api/v1';

export interface PientegraRouteDeps {
  apiKey: string;
  emulator: PientegraEmulator;
  notifier: PientegraNotifier;
  events: PientegraEvents;
  store: TransferStore;
}

/** Pientegra's External API under /pientegra/api/v1, each route behind the Bearer API key. */
export function pientegraRoutes(deps: PientegraRouteDeps): Route[] {
  const isApiKey = createSecretMatcher(deps.apiKey);
  const authorized =
    (handle: (request: SandboxRequest) => Reply) =>
    (request: SandboxRequest): Reply => {
      request.reference = header(request, 'idempotency-key');
      if (!isApiKey(bearerToken(request))) return pientegraError(401, 'unauthorized', 'invalid or missing API key');
      return handle(request);
    };
  const route = (method: Route['method'], path: string, handle: (request: SandboxRequest) => Reply): Route => ({
    method,
    pattern: new RegExp(`^${PIENTEGRA_BASE_PATH}${path}/?$`),
    provider: 'pientegra',
    handle: authorized(handle),
    referenceOf: (request) => header(request, 'idempotency-key'),
  });
  return [
    route('POST', '/external/withdrawals', (request) => deps.emulator.createWithdrawal(request)),
    route('GET', '/external/withdrawals', (request) => listWithdrawals(deps.store.inOrder('pientegra'), request.query)),
    route('GET', '/external/withdrawals/([^/]+)', (request) => deps.emulator.lookup(request)),
    route('GET', '/external/events', (request) => listEvents(deps.events, request.query)),
    route('POST', '/external/events/([^/]+)/replay', (request) => replayEvent(deps, request.params[0])),
  ];
}

function listEvents(events: PientegraEvents, query: URLSearchParams): Reply {
  const filter = query.get('deliveryStatus');
  const statuses = filter === null ? undefined : filter.split(',').map((s) => s.trim().toUpperCase());
  const unknown = statuses?.find((s) => !(PIENTEGRA_DELIVERY_STATUSES as readonly string[]).includes(s));
  if (unknown !== undefined) {
    return pientegraError(
      400,
      'validation_failed',
      `deliveryStatus must be among ${PIENTEGRA_DELIVERY_STATUSES.join(',')}`,
    );
  }
  const data = events.list(statuses as PientegraDeliveryStatus[] | undefined).map(eventView);
  return json(200, { data, nextCursor: null });
}

function replayEvent(deps: PientegraRouteDeps, eventId: string): Reply {
  const event = deps.events.get(eventId);
  const transfer = event && deps.store.byReference('pientegra', event.reference);
  if (!event || !transfer) return notFound();
  deps.events.markReplaying(event);
  deps.notifier.deliver(transfer, event);
  return json(202, { eventId: event.eventId, deliveryStatus: event.deliveryStatus });
}

function eventView(event: PientegraEvent): Record<string, unknown> {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    occurredAt: event.occurredAt,
    withdrawal: event.withdrawal,
    deliveryStatus: event.deliveryStatus,
    deliveryAttempts: event.attempts,
    lastAttemptAt: event.lastAttemptAt,
    lastHttpStatus: event.lastHttpStatus,
  };
}
