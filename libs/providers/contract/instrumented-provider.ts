import { Logger } from '@nestjs/common';
import type { JsonValue } from '@libs/platform/json';
import type {
  BalanceReadOutcome,
  LookupOutcome,
  PayoutProvider,
  RawAnswer,
  RawRequest,
  SubmitOutcome,
  SubmitRequest,
  TransferListingOutcome,
  UncertainReason,
  WebhookParseResult,
  WebhookVerification,
} from './payout-provider';
import { createProviderMetrics, ProviderMetrics } from './provider-metrics';
import { ProviderLogger, redactProviderText, TextRedactor } from './provider-logger';

export interface InstrumentOptions {
  logger?: ProviderLogger;
  metrics?: ProviderMetrics;
  /** Upper bound of one submit or lookup, retries and rate-budget waits included. */
  operationTimeoutMs: number;
  now?: () => number;
  /** Scrubs the message of anything an adapter throws; give it the secrets the adapter holds. */
  redact?: TextRedactor;
}

const NO_ANSWER: RawAnswer = { body: '', requestCount: 0 };

class OperationTimeout extends Error {}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationTimeout()), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

const describeError = (error: unknown, redact: TextRedactor): string =>
  error instanceof Error ? `${error.name}: ${redact(error.message)}` : 'non-error thrown';

/**
 * The one wrapper around every adapter call (style.md §5): a deadline, latency and error metrics, one log line with
 * no secrets, and a safe outcome when the adapter throws (a thrown submit is `ambiguous`: money may have moved).
 */
export function instrumentProvider(inner: PayoutProvider, options: InstrumentOptions): PayoutProvider {
  const logger = options.logger ?? new Logger(`Provider:${inner.name}`);
  const metrics = options.metrics ?? createProviderMetrics();
  const now = options.now ?? Date.now;
  const provider = inner.name;
  const redact = options.redact ?? redactProviderText;

  async function observe<T>(
    operation: string,
    run: () => Promise<T>,
    onError: (reason: UncertainReason, detail: string) => T,
    describe: (result: T) => { outcome: string; code?: string; line: string },
  ): Promise<T> {
    const startedAt = now();
    let result: T;
    try {
      result = await withDeadline(run(), options.operationTimeoutMs);
    } catch (error) {
      const timedOut = error instanceof OperationTimeout;
      if (!timedOut) logger.error(`${operation} threw ${describeError(error, redact)}`);
      result = timedOut ? onError('timeout', 'operation deadline passed') : onError('internal_error', 'adapter threw');
    }
    const elapsedMs = now() - startedAt;
    const { outcome, code, line } = describe(result);
    metrics.observeCall({ provider, operation, outcome }, elapsedMs / 1000);
    if (code !== undefined) metrics.countError({ provider, operation, code });
    logger.log(`${operation} ${line} in ${elapsedMs}ms`);
    return result;
  }

  const describeAnswer = (
    attempt: SubmitRequest,
    result: SubmitOutcome | LookupOutcome,
  ): { outcome: string; code?: string; line: string } => {
    const head = `reference=${attempt.reference} attempt=${attempt.attemptId} outcome=${result.kind}`;
    const requests = `(${result.raw.requestCount} requests${result.raw.httpStatus ? `, last HTTP ${result.raw.httpStatus}` : ''})`;
    switch (result.kind) {
      case 'accepted':
      case 'found':
        return {
          outcome: result.kind,
          line: `${head} providerId=${result.providerId} status=${result.signal.status} ${requests}`,
        };
      case 'not_executed':
        return {
          outcome: result.kind,
          code: result.failure.code,
          line: `${head} failure=${result.failure.code} ${requests}`,
        };
      case 'not_found':
        return { outcome: result.kind, line: `${head} provesNotExecuted=${result.provesNotExecuted} ${requests}` };
      case 'ambiguous':
      case 'unavailable':
        return { outcome: result.kind, code: result.reason, line: `${head} reason=${result.reason} ${requests}` };
      case 'unparseable':
        return { outcome: result.kind, code: 'unparseable_response', line: `${head} ${requests}` };
    }
  };

  const readBalance = inner.readBalance?.bind(inner);
  const listTransfers = inner.listTransfers?.bind(inner);
  return {
    name: inner.name,
    capabilities: inner.capabilities,
    missedWebhooks: inner.missedWebhooks,
    ...(readBalance
      ? {
          readBalance: () =>
            observe<BalanceReadOutcome>(
              'read_balance',
              readBalance,
              (reason, detail) => ({ kind: 'unavailable', reason, detail, raw: NO_ANSWER }),
              (result) =>
                result.kind === 'known'
                  ? { outcome: 'known', line: `outcome=known currency=${result.currency}` }
                  : result.kind === 'unreadable'
                    ? { outcome: 'unreadable', code: 'unreadable_balance', line: `outcome=unreadable ${result.reason}` }
                    : {
                        outcome: 'unavailable',
                        code: result.reason,
                        line: `outcome=unavailable reason=${result.reason}`,
                      },
            ),
        }
      : {}),
    ...(listTransfers
      ? {
          listTransfers: (query) =>
            observe<TransferListingOutcome>(
              'list_transfers',
              () => listTransfers(query),
              (reason, detail) => ({ kind: 'unavailable', reason, detail, raw: NO_ANSWER }),
              (result) =>
                result.kind === 'page'
                  ? {
                      outcome: 'page',
                      line: `from=${query.from.toISOString()} to=${query.to.toISOString()} outcome=page items=${result.items.length} more=${result.nextCursor !== null}`,
                    }
                  : {
                      outcome: 'unavailable',
                      code: result.reason,
                      line: `from=${query.from.toISOString()} outcome=unavailable reason=${result.reason}`,
                    },
            ),
        }
      : {}),
    submit: (attempt) =>
      observe<SubmitOutcome>(
        'submit',
        () => inner.submit(attempt),
        (reason, detail) => ({ kind: 'ambiguous', reason, detail, raw: NO_ANSWER }),
        (result) => describeAnswer(attempt, result),
      ),
    lookup: (attempt) =>
      observe<LookupOutcome>(
        'lookup',
        () => inner.lookup(attempt),
        (reason, detail) => ({ kind: 'unavailable', reason, detail, raw: NO_ANSWER }),
        (result) => describeAnswer(attempt, result),
      ),
    verifyWebhook: (request: RawRequest) =>
      observe<WebhookVerification>(
        'verify_webhook',
        () => inner.verifyWebhook(request),
        () => ({ ok: false, reason: 'bad_signature' }),
        (result) =>
          result.ok
            ? { outcome: 'ok', line: 'outcome=ok' }
            : { outcome: 'rejected', code: result.reason, line: `outcome=rejected reason=${result.reason}` },
      ),
    parseWebhook: (request: RawRequest, body?: JsonValue) =>
      observe<WebhookParseResult>(
        'parse_webhook',
        () => inner.parseWebhook(request, body),
        (reason) => ({ kind: 'unparseable', reason, raw: request.rawBody.toString('utf8') }),
        (result) =>
          result.kind === 'event'
            ? {
                outcome: 'event',
                line: `outcome=event dedupeKey=${result.dedupeKey} status=${result.signal?.status ?? 'none'}`,
              }
            : result.kind === 'ignored'
              ? { outcome: 'ignored', line: `outcome=ignored dedupeKey=${result.dedupeKey} reason=${result.reason}` }
              : {
                  outcome: 'unparseable',
                  code: 'unparseable_webhook',
                  line: `outcome=unparseable reason=${result.reason}`,
                },
      ),
  };
}
