import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CONFIG_SLICES, configRows, renderConfigTable } from '@libs/manifest';
import { collectProblems } from '@libs/platform/config';
import { startArguments } from '../support/processes';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
}

// No Docker engine runs on our machines, so the compose file is checked as data against the configuration schema.
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const services = compose.services;
  const knownEnv = new Set(configRows(CONFIG_SLICES).map((row) => row.env));

  it('runs Postgres 16 and Redis 7', () => {
    expect(services.postgres?.image).toBe('postgres:16');
    expect(services.redis?.image).toBe('redis:7');
  });

  it('builds api, worker, sandbox and the migration step from one Dockerfile with the contract commands', () => {
    for (const [name, command] of [
      ['api', 'start:api'],
      ['worker', 'start:worker'],
      ['sandbox', 'start:sandbox'],
      ['migrate', 'migration:run'],
    ]) {
      expect(services[name]?.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
      expect(services[name]?.command).toEqual(['npm', 'run', command]);
    }
    expect(readFileSync('Dockerfile', 'utf8')).toContain('npm ci');
  });

  it('publishes the ports of api.md and passes them to the processes', () => {
    expect(services.api?.ports).toEqual(['3000:3000']);
    expect(services.worker?.ports).toEqual(['3001:3001']);
    expect(services.sandbox?.ports).toEqual(['4010:4010']);
    expect(services.api?.environment).toMatchObject({ PORT: '3000', WORKER_PORT: '3001', SANDBOX_PORT: '4010' });
  });

  it('uses only configuration names the schema knows, with values the schema accepts', () => {
    for (const name of ['api', 'worker', 'sandbox', 'migrate']) {
      const environment = services[name]?.environment ?? {};
      expect(Object.keys(environment).filter((key) => !knownEnv.has(key))).toEqual([]);
      expect(collectProblems(CONFIG_SLICES, environment)).toEqual([]);
    }
  });
});

describe('README.md', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('carries the configuration table generated from the config schema (npm run docs:config)', () => {
    expect(readme).toContain(renderConfigTable(CONFIG_SLICES));
  });

  it('names exactly two set-up commands: npm start and npm test', () => {
    expect(readme).toMatch(/```sh\nnpm start\n```/);
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });

  it('has a mermaid diagram of the processes', () => {
    expect(readme).toContain('```mermaid');
  });

  it('says what each runtime dependency is for', () => {
    const dependencies = Object.keys(
      (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: object }).dependencies,
    );
    expect(dependencies.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});

// Decision 0017: the heap budget is declared once, in the start scripts, and every starter runs the apps with it.
describe('the heap budget of the api and the worker', () => {
  const heapLimitMb = (flags: string[]) =>
    Number(
      execFileSync(
        process.execPath,
        [...flags, '-e', 'process.stdout.write(String(v8.getHeapStatistics().heap_size_limit))'],
        {
          encoding: 'utf8',
        },
      ),
    ) / 1_048_576;

  // npm start's reader is an ES module of scripts/: run as npm start runs it.
  const startFlags = (app: string) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { startFlags } from './scripts/lib/start-flags.mjs'; process.stdout.write(JSON.stringify(startFlags('.', '${app}')))`,
        ],
        { encoding: 'utf8' },
      ),
    ) as string[];

  it('is what npm start, the bench and the e2e starter pass, and V8 takes it', () => {
    for (const app of ['api', 'worker'] as const) {
      const fromScripts = startFlags(app);
      expect(fromScripts).toEqual(['--max-old-space-size=256']);
      expect(startArguments(app).slice(0, -1)).toEqual(fromScripts);
      // 256 MB of old space plus the young generation; Node's default here is about 4 GB.
      expect(heapLimitMb(fromScripts)).toBeLessThan(320);
    }
    expect(startFlags('sandbox')).toEqual([]);
  });
});
