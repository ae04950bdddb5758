import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';

export interface BatchCommandIo {
  /** stdout: the answer only (the batch id; with --json exactly one JSON line). */
  out(line: string): void;
  /** stderr: everything for people (progress, problems). */
  err(line: string): void;
  /** Progress redrawn in place on a terminal (stderr). */
  progress(line: string): void;
}

export const BATCH_COMMANDS = ['batches:create'] as const;
export type BatchCommand = (typeof BATCH_COMMANDS)[number];

export const BATCHES_USAGE = [
  'npm run cli -- batches:create --file <payouts.csv|batch.json> [--url http://127.0.0.1:3000] [--key <api key>]',
  '    [--idempotency-key <key>] [--reference <text>] [--description <text>] [--no-wait] [--timeout <seconds>] [--json]',
  '  The API key is --key or PAYOUTS_API_KEY (scopes payouts:write and payouts:read); the URL --url or PAYOUTS_API_URL.',
  '  Without --idempotency-key the key is derived from the file (and reference, description): running the same',
  '  command again answers the batch it created, it never makes a second one.',
].join('\n');

/** Exit codes: 0 accepted, 1 failed (refused batch, network, server), 2 the command line is wrong. */
export const BATCH_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

interface BatchAnswer {
  id: string;
  status: string;
  itemCount: number;
  counts: Record<string, number>;
}

interface ProblemAnswer {
  code?: string;
  detail?: string;
  errors?: { index?: number; itemReference?: string; line?: number; field: string; message: string }[];
}

/**
 * When a batch is accepted, for this command: the service took it (201) and no item is still `pending`, i.e. every
 * item was handed to a provider, or is already final, or waits for its own release time (`scheduled`) or for the
 * batch's approval (`awaiting_approval`). From then on the batch needs nothing more from whoever sent it.
 */
export const notYetAccepted = (batch: BatchAnswer): number => batch.counts.pending ?? 0;

export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}%`;
}

/** One line per problem of a 422 batch_invalid, where it is first (line for a CSV, else item). */
export function describeProblems(problem: ProblemAnswer): string[] {
  return (problem.errors ?? []).map((error) => {
    const where =
      error.line !== undefined ? `line ${error.line}` : error.index !== undefined ? `item ${error.index}` : 'batch';
    const reference = error.itemReference !== undefined ? ` (${error.itemReference})` : '';
    return `  ${where}${reference}: ${error.field}: ${error.message}`;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface BatchCommandDeps {
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  /** Milliseconds between two reads of the batch while waiting. */
  pollMs?: number;
}

/**
 * `batches:create`: sends the file as it is read (CSV, or JSON for a .json file) with an upload progress bar, prints
 * the batch id on stdout once the service answered 201, then (unless --no-wait) a progress bar of the items handed
 * to providers until the batch is accepted (see notYetAccepted). A refused batch prints every problem and exits 1.
 */
export async function runBatchesCommand(
  _command: BatchCommand,
  args: string[],
  io: BatchCommandIo,
  deps: BatchCommandDeps,
): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: {
        file: { type: 'string' },
        url: { type: 'string' },
        key: { type: 'string' },
        'idempotency-key': { type: 'string' },
        reference: { type: 'string' },
        description: { type: 'string' },
        'no-wait': { type: 'boolean', default: false },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
    if (typeof values.file !== 'string') throw new UsageError('batches:create needs --file');
    if (values.timeout !== undefined && !/^\d+$/.test(String(values.timeout))) {
      throw new UsageError('--timeout is a whole number of seconds');
    }
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\nusage:\n${BATCHES_USAGE}`);
      return BATCH_EXIT.usage;
    }
    throw error;
  }
  const key = (values.key as string | undefined) ?? deps.env.PAYOUTS_API_KEY;
  if (!key) {
    io.err(`no API key: pass --key or set PAYOUTS_API_KEY\nusage:\n${BATCHES_USAGE}`);
    return BATCH_EXIT.usage;
  }
  const baseUrl = ((values.url as string | undefined) ?? deps.env.PAYOUTS_API_URL ?? 'http://127.0.0.1:3000').replace(
    /\/+$/,
    '',
  );
  const file = values.file as string;
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    io.err(`cannot read ${file}`);
    return BATCH_EXIT.usage;
  }
  const isJson = file.toLowerCase().endsWith('.json');
  const query = new URLSearchParams();
  if (typeof values.reference === 'string') query.set('reference', values.reference);
  if (typeof values.description === 'string') query.set('description', values.description);
  if (isJson && query.size > 0) {
    io.err('a JSON batch carries reference and description in the file\nusage:\n' + BATCHES_USAGE);
    return BATCH_EXIT.usage;
  }
  const idempotencyKey = (values['idempotency-key'] as string | undefined) ?? (await keyOfFile(file, query.toString()));

  // Upload, showing how much of the file has been sent.
  let sent = 0;
  async function* body() {
    for await (const chunk of createReadStream(file)) {
      sent += (chunk as Buffer).length;
      io.progress(`uploading ${progressBar(sent, size)} ${sent}/${size} bytes`);
      yield chunk as Buffer;
    }
  }
  let response: Response;
  try {
    response = await deps.fetch(`${baseUrl}/v1/payout-batches${query.size > 0 ? `?${query}` : ''}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${key}`,
        'idempotency-key': idempotencyKey,
        'content-type': isJson ? 'application/json' : 'text/csv',
      },
      body: body() as unknown as RequestInit['body'],
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    io.err(`\ncould not reach ${baseUrl}: ${(error as Error).message}`);
    return BATCH_EXIT.failed;
  }
  const text = await response.text();
  io.progress('');
  if (response.status !== 201) {
    let problem: ProblemAnswer = {};
    try {
      problem = JSON.parse(text) as ProblemAnswer;
    } catch {
      // not problem+json
    }
    io.err(
      `the batch was not accepted: ${response.status} ${problem.code ?? ''} ${problem.detail ?? text.slice(0, 300)}`,
    );
    const lines = describeProblems(problem);
    for (const line of lines.slice(0, 1000)) io.err(line);
    if (lines.length > 1000) io.err(`  ... and ${lines.length - 1000} more problems`);
    if (values.json) io.out(JSON.stringify({ status: response.status, ...problem }));
    return BATCH_EXIT.failed;
  }
  let batch = JSON.parse(text) as BatchAnswer;
  const replayed = response.headers.get('idempotent-replayed') === 'true';
  io.err(
    `batch ${batch.id} ${replayed ? 'was already created by this file (same Idempotency-Key)' : 'created'}: ` +
      `${batch.itemCount} items, status ${batch.status}`,
  );
  if (!values.json) io.out(batch.id);
  if (!values['no-wait']) {
    const deadline = Date.now() + Number(values.timeout ?? 600) * 1000;
    for (;;) {
      const waiting = notYetAccepted(batch);
      io.progress(
        `handed to providers ${progressBar(batch.itemCount - waiting, batch.itemCount)} ` +
          `${batch.itemCount - waiting}/${batch.itemCount}`,
      );
      if (waiting === 0) break;
      if (Date.now() > deadline) {
        io.progress('');
        io.err(
          `\nstill ${waiting} items pending after --timeout; the batch goes on: GET /v1/payout-batches/${batch.id}`,
        );
        if (values.json) io.out(JSON.stringify(batch));
        return BATCH_EXIT.failed;
      }
      await sleep(deps.pollMs ?? 1000);
      const read = await deps.fetch(`${baseUrl}/v1/payout-batches/${batch.id}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      if (read.status === 200) batch = (await read.json()) as BatchAnswer;
    }
    io.progress('');
    io.err(`accepted: no item of batch ${batch.id} is pending any more`);
  }
  if (values.json) io.out(JSON.stringify(batch));
  return BATCH_EXIT.ok;
}

/** The default Idempotency-Key: the file's bytes and the batch fields, so a rerun replays instead of paying twice. */
async function keyOfFile(file: string, query: string): Promise<string> {
  const hash = createHash('sha256').update(`${query}\n`);
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `batch-file-${hash.digest('hex').slice(0, 40)}`;
}
