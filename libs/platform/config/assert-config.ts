import { ConfigSlice } from './config-entry';
import { collectProblems, Environment } from './load-config';

/** Start-up gate: one line per problem on stderr, then exit 1. */
export function assertConfigOrExit(slices: readonly ConfigSlice[], env: Environment = process.env): void {
  const problems = collectProblems(slices, env);
  if (problems.length === 0) return;
  for (const problem of problems) process.stderr.write(`config: ${problem}\n`);
  process.stderr.write(`config: ${problems.length} problem(s); not starting\n`);
  process.exit(1);
}
