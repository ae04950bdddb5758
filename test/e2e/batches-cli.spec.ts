import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatchesCommand, type BatchCommandIo } from '@libs/batches';
import { queryOnce } from '../support/database';
import { startPayoutsApi, type PayoutsApiHarness } from '../support/payouts-api';

const IBAN = 'TR320010009999901234567890';
const HEADER = 'amount,currency,beneficiaryName,iban,itemReference,scheduledFor';

/** `npm run --silent cli -- ...` as an operator runs it, stdout and stderr apart. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function capture(): BatchCommandIo & { stdout: string[]; stderr: string[]; bars: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const bars: string[] = [];
  return {
    stdout,
    stderr,
    bars,
    out: (line) => stdout.push(line),
    err: (line) => stderr.push(line),
    progress: (line) => bars.push(line),
  };
}

// `npm run cli -- batches:create --file payouts.csv` against the api over HTTP (real Postgres and Redis).
describe('npm run cli -- batches:create', () => {
  let h: PayoutsApiHarness;
  const folder = mkdtempSync(join(tmpdir(), 'batches-cli-'));
  const file = (name: string, text: string) => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const later = new Date(Date.now() + 86_400_000).toISOString();

  beforeAll(async () => {
    h = await startPayoutsApi('batches_cli', { operator: ['payouts:write', 'payouts:read'] });
  });
  afterAll(() => h?.close());

  const run = (args: string[], io = capture()) =>
    runBatchesCommand('batches:create', args, io, {
      env: { PAYOUTS_API_KEY: h.keys.operator, PAYOUTS_API_URL: h.api.baseUrl },
      fetch,
      pollMs: 50,
    }).then((code) => ({ code, io }));

  it('prints the batch id on stdout, an upload bar, and waits until no item is pending (scheduled ones are accepted)', async () => {
    const path = file(
      'scheduled.csv',
      `${HEADER}\n1000,TRY,Ayşe Yılmaz,${IBAN},a-1,${later}\n2000,TRY,Ali Veli,${IBAN},a-2,${later}\n`,
    );
    const { code, io } = await run(['--file', path]);
    expect(code).toBe(0);
    expect(io.stdout).toHaveLength(1);
    const [batch] = await queryOnce<{ id: string; item_count: number }>(
      h.databaseUrl,
      'SELECT id, item_count FROM payout_batches',
    );
    expect(io.stdout[0]).toBe(batch.id);
    expect(batch.item_count).toBe(2);
    expect(io.bars.some((bar) => bar.startsWith('uploading [') && bar.includes('100%'))).toBe(true);
    expect(io.bars).toContain('handed to providers [##############################] 100% 2/2');
    expect(io.stderr.join('\n')).toContain(`accepted: no item of batch ${batch.id} is pending any more`);

    // The same file again: the key derived from it replays the batch, no second one.
    const again = await run(['--file', path, '--no-wait']);
    expect(again.code).toBe(0);
    expect(again.io.stdout).toEqual([batch.id]);
    expect(again.io.stderr.join('\n')).toContain('was already created by this file');
    expect(await queryOnce(h.databaseUrl, 'SELECT id FROM payout_batches')).toHaveLength(1);
  });

  it('gives up waiting after --timeout while items are still pending, the batch going on', async () => {
    const path = file('pending.csv', `${HEADER}\n1000,TRY,Ayşe Yılmaz,${IBAN},p-1,\n`);
    const { code, io } = await run(['--file', path, '--timeout', '0', '--json']);
    expect(code).toBe(1);
    expect(io.bars).toContain('handed to providers [------------------------------]   0% 0/1');
    expect(io.stderr.join('\n')).toContain('still 1 items pending after --timeout');
    expect(JSON.parse(io.stdout[0])).toMatchObject({ itemCount: 1, counts: { pending: 1 } });
  });

  it('through npm run cli: prints every problem of a refused CSV readably and exits 1, storing nothing', async () => {
    const path = file(
      'bad.csv',
      `${HEADER}\n1000,TRY,Ayşe Yılmaz,${IBAN},b-1,\n"1,50",TRY,Ali Veli,${IBAN.slice(0, -1)}1,b-1,\n`,
    );
    const before = await queryOnce<{ count: number }>(h.databaseUrl, 'SELECT count(*)::int AS count FROM payouts');
    const result = await cli(['batches:create', '--file', path], {
      PAYOUTS_API_KEY: h.keys.operator,
      PAYOUTS_API_URL: h.api.baseUrl,
      NODE_ENV: 'test',
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the batch was not accepted: 422 batch_invalid');
    expect(result.stderr).toContain('  line 3 (b-1): amount: ');
    expect(result.stderr).toContain('  line 3 (b-1): iban: ');
    expect(result.stderr).toContain('  line 3 (b-1): itemReference: repeats the itemReference of line 2');
    expect(await queryOnce(h.databaseUrl, 'SELECT count(*)::int AS count FROM payouts')).toEqual(before);
  });

  it('refuses a command line without a file or key (exit 2)', async () => {
    expect((await run([])).code).toBe(2);
    const io = capture();
    const code = await runBatchesCommand('batches:create', ['--file', 'x.csv'], io, { env: {}, fetch });
    expect(code).toBe(2);
    expect(io.stderr.join('\n')).toContain('no API key');
  });
});
