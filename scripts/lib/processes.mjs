// Child processes with prefixed output, for `npm start`.
import { spawn } from 'node:child_process';
import readline from 'node:readline';

const COLORS = { api: 36, worker: 35, sandbox: 33 };

export function startPrefixed(name, command, args, { cwd, env }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const color = process.stdout.isTTY ? COLORS[name] : undefined;
  const label = color ? `\u001b[${color}m${name.padEnd(7)}|\u001b[0m ` : `${name.padEnd(7)}| `;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${label}${line}\n`));
  }
  return child;
}

export async function waitForHttp(url, ms, isAlive) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive()) return false;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

export function runToEnd(command, args, { cwd, env, quiet = false }) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (quiet) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => (output += d));
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}
