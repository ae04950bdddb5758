import { call, HttpAnswer, TEST_CREDENTIALS, VALID_IBAN } from './sandbox-harness';

export const withdrawalBody = (amount: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  externalUserId: 'user-12345',
  externalUserLabel: 'Ahmet Y.',
  amount,
  currency: 'TRY',
  targetIban: VALID_IBAN,
  targetHolderName: 'Ahmet Yılmaz',
  ...overrides,
});

/** Calls the sandbox's Pientegra API with the test key. */
export class PientegraClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string = TEST_CREDENTIALS.pientegraApiKey,
  ) {}

  create(key: string | undefined, body: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      'content-type': 'application/json',
    };
    if (key !== undefined) headers['idempotency-key'] = key;
    return call(`${this.baseUrl}/pientegra/api/v1/external/withdrawals`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  get(path: string): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/pientegra/api/v1${path}`, { headers: { authorization: `Bearer ${this.apiKey}` } });
  }

  post(path: string): Promise<HttpAnswer> {
    return call(`${this.baseUrl}/pientegra/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}` },
    });
  }
}
