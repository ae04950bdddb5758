import { call, HttpAnswer, LooseJson } from './sandbox-harness';

/** The /_sandbox control API. */
export class ControlClient {
  constructor(private readonly baseUrl: string) {}

  transfers(query: Record<string, string> = {}): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/transfers?${new URLSearchParams(query)}`);
  }

  requests(query: Record<string, string> = {}): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/requests?${new URLSearchParams(query)}`);
  }

  release(provider: string, reference: string, outcome?: string): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/transfers/${provider}/${encodeURIComponent(reference)}/release`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: outcome ? JSON.stringify({ outcome }) : '',
    });
  }

  mode(provider: string, mode: string): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/providers/${provider}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode }),
    });
  }

  /** The sending wallet's balance in minor units; null = unlimited. */
  balance(provider: string, balance: string | null): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/providers/${provider}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ balance }),
    });
  }

  provider(provider: string): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/providers/${provider}`);
  }

  redeliver(provider: string, reference: string): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/webhooks/redeliver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider, reference }),
    });
  }

  seed(provider: string, spec: Record<string, unknown>): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/transfers/${provider}/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(spec),
    });
  }

  reset(): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/_sandbox/reset`, { method: 'POST' });
  }

  /** The single recorded transfer with that reference (fails the test when there is not exactly one). */
  async transfer(provider: string, reference: string): Promise<Record<string, LooseJson>> {
    const rows = (await this.transfers({ provider, reference })).json.data as Record<string, unknown>[];
    if (rows.length !== 1) throw new Error(`expected one ${provider} transfer ${reference}, found ${rows.length}`);
    return rows[0];
  }
}
