// Redis for `npm start` and `npm test`: the given or the machine's server when it answers, else a redis-server child
// process (installing Debian's package when we are root with apt-get).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export function redisAnswers(url) {
  const { hostname, port, password, username } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    let buffer = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => {
      if (password)
        socket.write(`AUTH ${username ? `${decodeURIComponent(username)} ` : ''}${decodeURIComponent(password)}\r\n`);
      socket.write('PING\r\n');
    });
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (buffer.includes('+PONG')) done(true);
      else if (buffer.startsWith('-')) done(false);
    });
  });
}

function onPath(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).status === 0;
}

function installRedisServer(say) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !onPath('apt-get')) {
    say(
      'redis: no Redis answers and redis-server is not installed; install it (e.g. `sudo apt-get install -y redis-server`) or set REDIS_URL, then run this again',
    );
    process.exit(1);
  }
  say('redis: redis-server is not installed; installing Debian package redis-server with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], {
    stdio: 'ignore',
    env,
  });
  if (result.status !== 0 || !onPath('redis-server')) {
    say('redis: apt-get install redis-server failed; install Redis yourself or set REDIS_URL');
    process.exit(1);
  }
}

async function waitFor(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await redisAnswers(url)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Returns { url, stop }. `persistent` keeps data in .local (npm start); tests run without persistence. */
export async function provideRedis({ root, givenUrl, db, childPort, dataFolder, persistent, say }) {
  const candidate = givenUrl ?? `redis://127.0.0.1:6379/${db}`;
  if (await redisAnswers(candidate)) {
    say(`redis: using ${candidate.replace(/\/\/[^@]*@/, '//***@')}`);
    return { url: candidate, stop: async () => {} };
  }
  say(`redis: ${new URL(candidate).host} does not answer; starting redis-server on :${childPort}`);
  const url = `redis://127.0.0.1:${childPort}/${db}`;
  if (await redisAnswers(url)) {
    say(`redis: a redis-server on :${childPort} is already running (left from an earlier run); reusing it`);
    return { url, stop: async () => {} };
  }
  if (!onPath('redis-server')) installRedisServer(say);
  const dir = join(root, '.local', dataFolder);
  mkdirSync(dir, { recursive: true });
  const args = ['--port', String(childPort), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
  args.push('--appendonly', persistent ? 'yes' : 'no');
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  if (!(await waitFor(url, 10_000))) {
    say('redis: redis-server did not start within 10 s');
    child.kill('SIGKILL');
    process.exit(1);
  }
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
