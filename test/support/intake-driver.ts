import { randomUUID } from 'node:crypto';

/** One answer to POST /v1/payouts as the client saw it; status 0 = no HTTP answer (connection error, timeout). */
export interface IntakeAnswer {
  status: number;
  at: number;
  payoutId?: string;
  replayed: boolean;
  error?: string;
}

/** Everything one Idempotency-Key went through: the body sent (always the same) and every answer, in order. */
export interface IntakeRecord {
  key: string;
  body: Record<string, unknown>;
  answers: IntakeAnswer[];
}

export interface IntakeOptions {
  apiUrl: string;
  apiKey: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** New payouts started per second (retries come on top). */
  ratePerSecond: number;
  /** How long one key is retried before the client gives up. */
  retryForMs: number;
  requestTimeoutMs?: number;
}

// What a client should retry with the same key: no answer, a server error, the key still running, a rate limit.
const retryable = (status: number) => status === 0 || status >= 500 || status === 409 || status === 429;

/**
 * A well-behaved client of POST /v1/payouts: one new Idempotency-Key per payout, and on anything retryable the same
 * key and the same body again, with backoff, until a 2xx or a final 4xx. Records every answer, so a test can check
 * afterwards that every 2xx it was given has its payout.
 */
export class IntakeDriver {
  readonly records: IntakeRecord[] = [];

  constructor(private readonly options: IntakeOptions) {}

  /** Sends one payout per body (each body gets `reference` = its key), paced at ratePerSecond. */
  async run(bodies: readonly Record<string, unknown>[]): Promise<IntakeRecord[]> {
    const startedAt = Date.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < bodies.length) {
        const index = next++;
        const wait = startedAt + (index * 1_000) / this.options.ratePerSecond - Date.now();
        if (wait > 0) await sleep(wait);
        const key = randomUUID();
        const record: IntakeRecord = { key, body: { ...bodies[index], reference: key }, answers: [] };
        this.records.push(record);
        await this.sendUntilFinal(record);
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, lane));
    return this.records;
  }

  /** POSTs the key's body once more (the replay check). */
  post(record: Pick<IntakeRecord, 'key' | 'body'>): Promise<IntakeAnswer> {
    return post(this.options, record);
  }

  private async sendUntilFinal(record: IntakeRecord): Promise<void> {
    const giveUpAt = Date.now() + this.options.retryForMs;
    let delayMs = 200;
    for (;;) {
      const answer = await post(this.options, record);
      record.answers.push(answer);
      if (!retryable(answer.status) || Date.now() > giveUpAt) return;
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 2_000);
    }
  }
}

async function post(options: IntakeOptions, record: Pick<IntakeRecord, 'key' | 'body'>): Promise<IntakeAnswer> {
  const at = Date.now();
  try {
    const response = await fetch(`${options.apiUrl}/v1/payouts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': record.key,
      },
      body: JSON.stringify(record.body),
      signal: AbortSignal.timeout(options.requestTimeoutMs ?? 15_000),
    });
    const text = await response.text();
    let payoutId: string | undefined;
    try {
      const parsed = JSON.parse(text) as { id?: unknown };
      if (response.ok && typeof parsed.id === 'string') payoutId = parsed.id;
    } catch {
      // a problem body or nothing: no payout id
    }
    return {
      status: response.status,
      at,
      replayed: response.headers.get('idempotent-replayed') === 'true',
      ...(payoutId ? { payoutId } : {}),
    };
  } catch (error) {
    return { status: 0, at, replayed: false, error: (error as Error).name };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The final answer of a key, and whether it is a success. */
export const finalAnswer = (record: IntakeRecord): IntakeAnswer | undefined => record.answers.at(-1);
export const isSuccess = (answer: IntakeAnswer | undefined): boolean =>
  answer !== undefined && answer.status >= 200 && answer.status < 300;
