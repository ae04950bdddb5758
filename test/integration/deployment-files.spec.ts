import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CONFIG_SLICES, configRows, renderConfigTable } from '@libs/manifest';
import { collectProblems } from '@libs/platform/config';

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
