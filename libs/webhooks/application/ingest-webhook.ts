import { createHash } from 'node:crypto';
import { tryParseJsonLossless } from '@libs/platform/json';
import type { PayoutProvider, RawRequest, WebhookParseResult, WebhookRejection } from '@libs/providers/contract';
import type { InboxStore, NewInboxRow } from './inbox-store.port';
import type { WebhookMetrics } from './webhook-metrics.port';

/** The registry as the inbox needs it. */
export interface ProviderLookup {
  find(name: string): PayoutProvider | undefined;
}

/** Intake also asks whether the provider is configured here (in production: never with the sandbox's credentials). */
export interface IngestProviders extends ProviderLookup {
  isEnabled(name: string): boolean;
}

export type IngestResult =
  | { kind: 'stored'; id: string }
  | { kind: 'duplicate' }
  | { kind: 'unknown_provider' }
  /** Registered but not configured here: no credential of ours can vouch for what it sends. */
  | { kind: 'provider_disabled' }
  | { kind: 'refused'; reason: WebhookRejection }
  | { kind: 'not_json' }
  | { kind: 'too_large'; maxBytes: number };

export interface IngestOptions {
  maxBodyBytes: number;
}

// Our own credentials have nothing to do with a provider's webhook; everything else is kept for re-verification.
const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

function keptHeaders(headers: RawRequest['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !DROPPED_HEADERS.has(name.toLowerCase())) kept[name.toLowerCase()] = value;
  }
  return kept;
}

/**
 * Receives one webhook: authenticity first (over the raw bytes), then one parse for "is it JSON" and the dedupe key;
 * stores the raw request once per key in one statement, committed before the answer. No job is written: workers claim
 * waiting rows from the inbox itself (docs/decisions/0007-webhook-inbox-claimed-from-postgres.md), so the provider
 * gets its 2xx in milliseconds.
 */
export class IngestWebhook {
  constructor(
    private readonly providers: IngestProviders,
    private readonly store: InboxStore,
    private readonly metrics: WebhookMetrics,
    private readonly options: IngestOptions,
  ) {}

  async execute(providerName: string, request: RawRequest): Promise<IngestResult> {
    const provider = this.providers.find(providerName);
    if (!provider) {
      // The name comes from the URL: never let it become a metric label.
      this.metrics.received('unknown', 'unknown_provider');
      return { kind: 'unknown_provider' };
    }
    if (!this.providers.isEnabled(provider.name)) {
      this.metrics.received(provider.name, 'provider_disabled');
      return { kind: 'provider_disabled' };
    }
    const result = await this.ingest(provider, request);
    this.metrics.received(provider.name, result.kind === 'refused' ? `refused_${result.reason}` : result.kind);
    if (result.kind === 'duplicate') this.metrics.duplicate(provider.name);
    return result;
  }

  private async ingest(provider: PayoutProvider, request: RawRequest): Promise<IngestResult> {
    if (request.rawBody.length > this.options.maxBodyBytes) {
      return { kind: 'too_large', maxBytes: this.options.maxBodyBytes };
    }
    const verification = await provider.verifyWebhook(request);
    if (!verification.ok) return { kind: 'refused', reason: verification.reason };
    // Read once: the adapter reads this tree rather than the bytes again.
    const json = tryParseJsonLossless(request.rawBody);
    if (!json.ok) return { kind: 'not_json' };
    const parsed = await provider.parseWebhook(request, json.value);
    const stored = await this.store.insertIfNew(this.toRow(provider.name, request, parsed));
    return stored.inserted ? { kind: 'stored', id: stored.id } : { kind: 'duplicate' };
  }

  private toRow(provider: string, request: RawRequest, parsed: WebhookParseResult): NewInboxRow {
    const base = {
      provider,
      rawBody: request.rawBody,
      headers: keptHeaders(request.headers),
      remoteAddress: request.remoteAddress ?? null,
      receivedAt: request.receivedAt,
    };
    switch (parsed.kind) {
      case 'event':
        return {
          ...base,
          dedupeKey: parsed.dedupeKey,
          status: 'received',
          reference: parsed.reference ?? null,
          providerId: parsed.providerId ?? null,
          signalStatus: parsed.signal?.status ?? null,
          providerStatus: parsed.signal?.providerStatus ?? null,
          detail: null,
          // Due at once: the next claim of a worker takes it.
          nextAttemptAt: request.receivedAt,
        };
      case 'ignored':
        return { ...base, ...unprocessed(parsed.dedupeKey, 'ignored', parsed.reason) };
      case 'unparseable':
        // Authentic JSON we cannot read has no key of its own: the same bytes twice are the same delivery.
        return { ...base, ...unprocessed(bodyKey(request.rawBody), 'unparseable', parsed.reason) };
    }
  }
}

const bodyKey = (rawBody: Buffer): string => `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;

const unprocessed = (dedupeKey: string, status: 'ignored' | 'unparseable', detail: string) => ({
  dedupeKey,
  status,
  reference: null,
  providerId: null,
  signalStatus: null,
  providerStatus: null,
  detail,
  nextAttemptAt: null,
});
