import { parseSipayJson } from '@libs/sandbox/sipay/sipay.json';
import { call, HttpAnswer, LooseJson, TEST_CREDENTIALS, VALID_IBAN } from './sandbox-harness';

/** A send-money body as raw JSON text, so the amount is written exactly (`2500.00`, not 2500). */
export const sendMoneyText = (ext: string, amountMajor: string, overrides: Record<string, string> = {}): string => {
  const fields: Record<string, string> = {
    sender_account_number: '"123456789"',
    sender_wallet_number: '"987654321"',
    ext_transaction_id: JSON.stringify(ext),
    receiver_account_holder_name: '"Ahmet Yılmaz"',
    receiver_iban: JSON.stringify(VALID_IBAN),
    receiver_national_id_or_tax_no: '"10000000146"',
    description: '"payout"',
    amount: amountMajor,
    currency_code: '"TRY"',
    ...overrides,
  };
  return `{${Object.entries(fields)
    .map(([key, value]) => `"${key}":${value}`)
    .join(',')}}`;
};

/** The envelope read losslessly: numbers stay exact text (`LosslessNumber`). */
export interface LooseEnvelope {
  status: unknown;
  code: string;
  message: string;
  payload: LooseJson;
}

export const envelopeOf = (answer: HttpAnswer): LooseEnvelope => parseSipayJson(answer.text) as LooseEnvelope;

/** Calls the sandbox's Sipay API, fetching a token on first use. */
export class SipayClient {
  private token?: string;

  constructor(private readonly baseUrl: string) {}

  requestToken(
    clientId: string = TEST_CREDENTIALS.sipayClientId,
    clientSecret: string = TEST_CREDENTIALS.sipayClientSecret,
  ): Promise<HttpAnswer> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'sts_business_api',
    });
    return call(`${this.baseUrl}/sipay/connect/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  }

  async send(text: string, token?: string): Promise<HttpAnswer> {
    return this.api('/sipay/v1/Transaction/SendMoneyToBankAccount', text, token);
  }

  async lookup(ext: string, token?: string): Promise<HttpAnswer> {
    return this.api(
      '/sipay/v1/TransactionData/GetRequestWithdrawByExtId',
      JSON.stringify({ ext_transaction_id: ext }),
      token,
    );
  }

  /** Sipay's Wallet Info [A: path and body]. */
  async walletInfo(token?: string): Promise<HttpAnswer> {
    return this.api('/sipay/v1/Wallet/GetWalletInfo', JSON.stringify({ wallet_number: '123456789' }), token);
  }

  /** GetRequestWithdrawListByFilter with `body` as given (start_date, end_date, page, page_size). */
  async list(body: Record<string, unknown>, token?: string): Promise<HttpAnswer> {
    return this.api('/sipay/v1/TransactionData/GetRequestWithdrawListByFilter', JSON.stringify(body), token);
  }

  private async api(path: string, body: string, token?: string): Promise<HttpAnswer> {
    const bearer = token ?? (await this.ensureToken());
    return call(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body,
    });
  }

  private async ensureToken(): Promise<string> {
    if (!this.token) this.token = (await this.requestToken()).json.access_token as string;
    return this.token as string;
  }
}
