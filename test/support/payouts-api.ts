import type { Scope } from '@libs/clients';
import { createFreshDatabase, migrate } from './database';
import { startApiInProcess, type InProcessApi } from './api-in-process';
import { createClients } from './clients';

export const VALID_PAYOUT = {
  amount: '250000',
  currency: 'TRY',
  beneficiary: { name: 'Ahmet Yılmaz', iban: 'TR320010009999901234567890', nationalId: '10000000146' },
  customer: { id: 'user-12345', label: 'Ahmet Y.' },
  reference: 'order-991',
  description: 'Winnings withdrawal',
  metadata: { orderId: '991' },
} as const;

export interface ApiCall {
  status: number;
  headers: Headers;
  text: string;
  body: Record<string, unknown>;
}

export interface PayoutsApiHarness {
  api: InProcessApi;
  databaseUrl: string;
  keys: Record<string, string>;
  ids: Record<string, string>;
  call(
    method: string,
    path: string,
    options?: { key?: string; idempotencyKey?: string; body?: unknown; raw?: string },
  ): Promise<ApiCall>;
  close(): Promise<void>;
}

/** A fresh migrated database, the api in process on it, and one API client per entry of `clients`. */
export async function startPayoutsApi(
  label: string,
  clients: Record<string, Scope[]>,
  env: Record<string, string> = {},
): Promise<PayoutsApiHarness> {
  const database = await createFreshDatabase(label);
  await migrate(database.url);
  const names = Object.keys(clients);
  const created = await createClients(
    database.url,
    names.map((name) => ({ name, scopes: clients[name] })),
  );
  const api = await startApiInProcess({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/14',
    ...env,
  });
  const keys = Object.fromEntries(names.map((name, i) => [name, created[i].key]));
  const ids = Object.fromEntries(names.map((name, i) => [name, created[i].id]));
  const call: PayoutsApiHarness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = {};
    if (options.key !== undefined) headers.authorization = `Bearer ${options.key}`;
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${api.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON (the docs page); `text` has it
    }
    return { status: response.status, headers: response.headers, text, body };
  };
  return {
    api,
    databaseUrl: database.url,
    keys,
    ids,
    call,
    close: async () => {
      await api.close();
      await database.drop();
    },
  };
}
