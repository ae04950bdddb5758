/** The sandbox's /_sandbox control API, as sandbox.md documents it. */
export interface SandboxTransferRow {
  provider: string;
  reference: string;
  providerId: string;
  amount: string;
  status: 'processing' | 'manual_review' | 'sent' | 'rejected' | 'returned';
  webhooks: { event: string | number; deliveredAt: string | null; httpStatus: number | null }[];
}

export interface SandboxRequestRow {
  provider: string;
  method: string;
  path: string;
  reference: string | null;
  status: number | null;
  at: string;
}

export class SandboxControl {
  constructor(private readonly baseUrl: string) {}

  async transfers(provider: string, reference: string): Promise<SandboxTransferRow[]> {
    const query = new URLSearchParams({ provider, reference });
    return (await this.get<{ data: SandboxTransferRow[] }>(`/_sandbox/transfers?${query}`)).data;
  }

  async requests(provider: string, since: Date): Promise<SandboxRequestRow[]> {
    const query = new URLSearchParams({ provider, since: since.toISOString() });
    return (await this.get<{ data: SandboxRequestRow[] }>(`/_sandbox/requests?${query}`)).data;
  }

  async release(provider: string, reference: string, outcome?: 'sent' | 'rejected'): Promise<void> {
    const path = `/_sandbox/transfers/${provider}/${encodeURIComponent(reference)}/release`;
    await this.send('POST', path, outcome === undefined ? {} : { outcome });
  }

  async setMode(provider: string, mode: 'up' | 'down' | 'slow'): Promise<void> {
    await this.send('PUT', `/_sandbox/providers/${provider}`, { mode });
  }

  async redeliver(provider: string, reference: string): Promise<void> {
    await this.send('POST', '/_sandbox/webhooks/redeliver', { provider, reference });
  }

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  private async send(method: string, path: string, body: object): Promise<void> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
}
