import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRedisRequests, redisRequestsDelta } from './redis-requests';
import { countWritesTo } from './redis-requests-preload';

describe('counting Redis round trips as the client writes them', () => {
  let server: net.Server;
  let port = 0;
  let received = '';
  const sockets: net.Socket[] = [];
  beforeAll(async () => {
    // A stand-in for redis-server: reads and answers nothing; only the client's writes matter here.
    server = net.createServer((socket) => socket.on('data', (chunk) => (received += chunk.toString())));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  const connect = async (to: number) => {
    const socket = net.connect(to, '127.0.0.1');
    sockets.push(socket);
    await new Promise((resolve) => socket.once('connect', resolve));
    return socket;
  };

  it('counts one per write to that port: a command, or a whole pipeline or MULTI batch in one buffer', async () => {
    // A prototype of our own, so that this test leaves net.Socket as it was.
    const prototype = Object.create(net.Socket.prototype) as { write: net.Socket['write'] };
    const counts = countWritesTo(port, prototype);
    const socket = await connect(port);
    Object.setPrototypeOf(socket, prototype);

    socket.write('*2\r\n$3\r\nGET\r\n$1\r\na\r\n'); // one command
    socket.write('*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n1\r\n*1\r\n$4\r\nEXEC\r\n'); // one batch of 3
    socket.write(Buffer.from('*3\r\n$7\r\nEVALSHA\r\n$1\r\nx\r\n$1\r\n0\r\n')); // a script: one, whatever it runs
    expect(counts.requests).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toContain('EXEC'); // the writes still reach the server
  });

  it('does not count writes to other ports (Postgres, HTTP)', async () => {
    const other = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const prototype = Object.create(net.Socket.prototype) as { write: net.Socket['write'] };
      const counts = countWritesTo(port, prototype);
      const socket = await connect((other.address() as net.AddressInfo).port);
      Object.setPrototypeOf(socket, prototype);
      socket.write('SELECT 1');
      expect(counts.requests).toBe(0);
      socket.destroy();
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('sums the per-process files by role and subtracts two snapshots', () => {
    const folder = mkdtempSync(join(tmpdir(), 'redis-requests-spec-'));
    try {
      const write = (pid: number, role: string, requests: number) =>
        writeFileSync(join(folder, `process-${pid}.json`), JSON.stringify({ role, requests }));
      write(1, 'api', 10);
      write(2, 'api', 5); // a second api process (API_PROCESSES=2)
      write(3, 'worker', 100);
      writeFileSync(join(folder, 'process-4.json.tmp'), '{"role":"worker","req'); // being written: not read
      const before = readRedisRequests(folder);
      expect(before).toEqual({ api: 15, worker: 100 });
      write(1, 'api', 30);
      write(3, 'worker', 160);
      write(5, 'worker', 7); // a worker started since
      expect(redisRequestsDelta(before, readRedisRequests(folder))).toEqual({ api: 20, worker: 67 });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
