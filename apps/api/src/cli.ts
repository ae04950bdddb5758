// `npm run cli -- <command>`: operator commands against DATABASE_URL (after `npm run migration:run`).
// stdout carries only a command's answer (with --json exactly one JSON line); everything else goes to stderr, and no
// Nest application or logger is started, so nothing else can reach stdout.
import 'reflect-metadata';
import { userInfo } from 'node:os';
import { DataSource } from 'typeorm';
import { BATCH_COMMANDS, BATCHES_USAGE, runBatchesCommand, type BatchCommand } from '@libs/batches';
import {
  CLIENT_COMMANDS,
  CLIENTS_USAGE,
  ClientAdmin,
  EXIT,
  runClientsCommand,
  TypeOrmClientUnitOfWork,
  type ClientCommand,
} from '@libs/clients';
import { PiiCipher, payoutsConfig, resolvePiiKeys } from '@libs/payouts';
import { collectProblems, ConfigService, platformConfig } from '@libs/platform/config';
import { buildDataSourceOptions } from '@libs/platform/database';
import { systemClock } from '@libs/platform/time';

const io = {
  out: (line: string) => void process.stdout.write(`${line}\n`),
  err: (line: string) => void process.stderr.write(`${line}\n`),
};

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const isClientCommand = (value: string | undefined): value is ClientCommand =>
  (CLIENT_COMMANDS as readonly (string | undefined)[]).includes(value);
const isBatchCommand = (value: string | undefined): value is BatchCommand =>
  (BATCH_COMMANDS as readonly (string | undefined)[]).includes(value);

// Progress is redrawn in place on a terminal; elsewhere (a log) a line is printed only when its bar changes.
let lastProgress = '';
const progress = (line: string) => {
  if (process.stderr.isTTY) {
    process.stderr.write(`\r${line.padEnd(lastProgress.length)}${line === '' ? '\r' : ''}`);
  } else if (line !== '' && line.replace(/\d+\/\d+.*$/, '') !== lastProgress.replace(/\d+\/\d+.*$/, '')) {
    process.stderr.write(`${line}\n`);
  }
  lastProgress = line;
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  // Batches go through the HTTP API, like any client of it: no database here.
  if (isBatchCommand(command)) {
    return runBatchesCommand(command, args, { ...io, progress }, { env: process.env, fetch });
  }
  if (!isClientCommand(command)) {
    io.err(`${command ? `unknown command ${command}\n` : ''}usage:\n${CLIENTS_USAGE}\n${BATCHES_USAGE}`);
    return EXIT.usage;
  }
  const problems = collectProblems([platformConfig], process.env);
  if (problems.length > 0) {
    for (const problem of problems) io.err(`config: ${problem}`);
    return EXIT.failed;
  }
  const config = new ConfigService(process.env);
  const dataSource = new DataSource(
    buildDataSourceOptions({
      url: config.get(platformConfig).databaseUrl,
      entities: [],
      migrations: [],
      applicationName: 'payouts-cli',
      poolSize: 2,
    }),
  );
  await dataSource.initialize();
  try {
    // Webhook secrets are sealed with the PII key; its slice is checked only when a secret is made.
    const sealer = {
      seal: (secret: string) => {
        const keyProblems = collectProblems([payoutsConfig], process.env);
        if (keyProblems.length > 0) throw new Error(keyProblems.join('; '));
        const { current, previous } = resolvePiiKeys(config);
        return new PiiCipher(current, previous).seal(secret, 'client.webhook_secret');
      },
    };
    const admin = new ClientAdmin(new TypeOrmClientUnitOfWork(dataSource), sealer, systemClock, {
      allowPlainHttp: process.env.NODE_ENV === 'development',
    });
    return await runClientsCommand(command, args, admin, operatorName(), io);
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = (error as Error).message;
    io.err(`failed: ${message}`);
    if (/relation "clients" does not exist/.test(message)) io.err('the schema is missing: run npm run migration:run');
    process.exit(EXIT.failed);
  },
);
