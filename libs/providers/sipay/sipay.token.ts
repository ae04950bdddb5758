import { isJsonObject, jsonNumberText, jsonString, tryParseJsonLossless } from '@libs/platform/json';
import { randomUUID } from 'node:crypto';
import { isTransient, sendProviderRequest } from '../contract/provider-http';
import { RetryClock, RetryPolicy, sendWithRetries } from '../contract/retry-policy';
import { TOKEN_REFRESH_AT_SHARE_OF_LIFE } from './sipay.assumptions';
import type { CachedToken, TokenStore } from '../contract/token-store';

export interface SipayTokenOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  timeoutMs: number;
  store: TokenStore;
  clock: RetryClock;
  retryPolicy: RetryPolicy;
  /** How long to wait for another process that holds the refresh lock before fetching ourselves. */
  peerWaitMs?: number;
  /** Poll interval while waiting for that process. */
  peerPollMs?: number;
}

/** `unauthorized`: Sipay refused our client credentials. `token_unavailable`: no answer we could use. */
export type SipayTokenResult =
  { ok: true; accessToken: string } | { ok: false; reason: 'unauthorized' | 'token_unavailable' };

/**
 * Client-credentials tokens: cached in this process and in the shared store, fetched again at ~80 % of their life,
 * one fetch at a time per process (a shared promise) and across processes (the store's lock); a token the API
 * refused is discarded and replaced once.
 */
export class SipayTokenClient {
  private cached?: CachedToken;
  private inFlight?: Promise<SipayTokenResult>;

  constructor(private readonly options: SipayTokenOptions) {}

  async accessToken(): Promise<SipayTokenResult> {
    const now = this.options.clock.now();
    if (this.cached && now < this.cached.refreshAtMs) return { ok: true, accessToken: this.cached.accessToken };
    this.inFlight ??= this.obtain().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** The API answered 401 to `rejected`: drop it here and in the store (unless already replaced), then get another. */
  async replaceRejected(rejected: string): Promise<SipayTokenResult> {
    if (this.cached?.accessToken === rejected) this.cached = undefined;
    await this.options.store.discard(rejected);
    return this.accessToken();
  }

  private async obtain(): Promise<SipayTokenResult> {
    const { store, clock } = this.options;
    const stored = await this.freshFromStore();
    if (stored) return stored;
    const owner = randomUUID();
    const lockTtlMs = this.options.timeoutMs * (this.options.retryPolicy.maxAttempts + 1);
    if (await store.tryLock(owner, lockTtlMs)) {
      try {
        return (await this.freshFromStore()) ?? (await this.fetchAndStore());
      } finally {
        await store.unlock(owner);
      }
    }
    // Another process is fetching: use its token when it lands, or fetch ourselves if it never does.
    const deadline = clock.now() + (this.options.peerWaitMs ?? lockTtlMs);
    while (clock.now() < deadline) {
      await clock.sleep(this.options.peerPollMs ?? 50);
      const fromPeer = await this.freshFromStore();
      if (fromPeer) return fromPeer;
    }
    return this.fetchAndStore();
  }

  private async freshFromStore(): Promise<SipayTokenResult | undefined> {
    const stored = await this.options.store.read();
    if (!stored || this.options.clock.now() >= stored.refreshAtMs) return undefined;
    this.cached = stored;
    return { ok: true, accessToken: stored.accessToken };
  }

  private async fetchAndStore(): Promise<SipayTokenResult> {
    const fetched = await this.fetchToken();
    if (fetched.ok) {
      this.cached = fetched.token;
      await this.options.store.write(fetched.token, fetched.token.expiresAtMs - this.options.clock.now());
      return { ok: true, accessToken: fetched.token.accessToken };
    }
    // Refreshing early is a courtesy: a token that has not expired yet still works if the refresh failed.
    const stillValid = this.cached ?? (await this.options.store.read());
    if (stillValid && this.options.clock.now() < stillValid.expiresAtMs)
      return { ok: true, accessToken: stillValid.accessToken };
    return { ok: false, reason: fetched.reason };
  }

  private async fetchToken(): Promise<
    { ok: true; token: CachedToken } | { ok: false; reason: 'unauthorized' | 'token_unavailable' }
  > {
    const { options } = this;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: options.scope,
    });
    const request = {
      method: 'POST' as const,
      url: options.tokenUrl,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: options.timeoutMs,
    };
    const { answer } = await sendWithRetries(() => sendProviderRequest(request), {
      policy: options.retryPolicy,
      clock: options.clock,
      isRetryable: isTransient,
    });
    if (answer?.kind !== 'response') return { ok: false, reason: 'token_unavailable' };
    if (answer.status === 400 || answer.status === 401 || answer.status === 403)
      return { ok: false, reason: 'unauthorized' };
    if (answer.status !== 200) return { ok: false, reason: 'token_unavailable' };
    const parsed = tryParseJsonLossless(answer.body);
    const body = parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined;
    const accessToken = jsonString(body?.access_token);
    const expiresInText = jsonNumberText(body?.expires_in);
    const expiresInMs =
      expiresInText !== undefined && /^\d+$/.test(expiresInText) ? Number(expiresInText) * 1_000 : NaN;
    if (!accessToken || !(expiresInMs > 0)) return { ok: false, reason: 'token_unavailable' };
    const obtainedAt = options.clock.now();
    return {
      ok: true,
      token: {
        accessToken,
        expiresAtMs: obtainedAt + expiresInMs,
        refreshAtMs: obtainedAt + Math.floor(expiresInMs * TOKEN_REFRESH_AT_SHARE_OF_LIFE),
      },
    };
  }
}
