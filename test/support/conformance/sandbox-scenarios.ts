import type { SandboxContext } from './conformance-harness';

/** sandbox.md's scenario rows, read independently of libs/sandbox (test/conformance checks both lists agree). */
export const SCENARIO_ROWS = [
  '00',
  '13',
  '14',
  '21',
  '22',
  '31',
  '32',
  '41',
  '51',
  '52',
  '61',
  '71',
  '81',
  '91',
  '95',
  '96',
] as const;
export type ScenarioRow = (typeof SCENARIO_ROWS)[number];

/** One end-to-end check per row, through the adapter against the running sandbox. */
export type ScenarioChecks = Readonly<Record<ScenarioRow, (sandbox: SandboxContext) => Promise<void>>>;

/** An amount whose last two minor-unit digits select the row. */
export const scenarioAmount = (row: ScenarioRow, base = 250_000n): bigint => base + BigInt(Number(row));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
