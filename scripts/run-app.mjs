#!/usr/bin/env node
// `npm run start:<app>`: runs one app from the compiled build of the current sources, compiling it first when the
// sources changed (scripts/lib/app-build.mjs). Node has no exec(), so this process stays as the app's parent: it
// forwards the stop signals and ends the way the app ended (its exit code, or the same signal).
//
//   node scripts/run-app.mjs <api|worker|sandbox>   run the app
//   node scripts/run-app.mjs --print-entry <app>     build if needed, print the compiled main.js (tests, bench)
//   node scripts/run-app.mjs --build                 build if needed, print the build folder (Dockerfile)
import { spawn, spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const FORWARDED_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'];

const args = process.argv.slice(2);
const mode = args[0]?.startsWith('--') ? args.shift() : '--run';

if (mode === '--run') await run(args[0]);
else await build(mode, args[0]);

async function build(mode, app) {
  const { APPS, BuildError, ensureBuild, entryOf } = await import('./lib/app-build.mjs');
  if (!['--build', '--print-entry'].includes(mode) || (mode === '--print-entry' && !APPS.includes(app))) {
    process.stderr.write(`usage: node scripts/run-app.mjs [--print-entry] <${APPS.join('|')}> | --build\n`);
    process.exit(2);
  }
  try {
    const buildDir = ensureBuild(fileURLToPath(new URL('..', import.meta.url)));
    process.stdout.write(`${mode === '--build' ? buildDir : entryOf(buildDir, app)}\n`);
  } catch (error) {
    process.stderr.write(`[build] ${error instanceof BuildError ? error.message : (error.stack ?? error)}\n`);
    process.exit(1);
  }
}

async function run(app) {
  // Hashing and compiling happen in a child: the heap they grow would otherwise stay resident here for the app's life.
  const prepared = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--print-entry', app ?? ''], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (prepared.status !== 0) process.exit(prepared.status ?? 1);
  const entry = prepared.stdout.trim();

  // No --enable-source-maps: it parses the maps of every package that ships them, +15 MB per process (measured in
  // docs/decisions/0004-compiled-start.md). The build has maps: NODE_OPTIONS=--enable-source-maps turns them on.
  const child = spawn(process.execPath, [entry], { stdio: 'inherit' });
  // The app tolerates a repeated signal: one sent to the whole process group reaches it directly and through us.
  const forward = (signal) => child.kill(signal);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  child.on('error', (error) => {
    process.stderr.write(`[run-app] could not start ${app}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    for (const forwarded of FORWARDED_SIGNALS) process.off(forwarded, forward);
    process.kill(process.pid, signal);
    // Only reached for a signal whose default action does not end a process.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 1_000);
  });
}
