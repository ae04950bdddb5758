'use strict';
/* global setInterval */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: plain `node -r` loads it, with no TypeScript hook */
// Preloaded (`node -r`) into the service processes the bench starts: counts the requests each process writes to the
// bench's redis-server, so the bench can report Redis round trips per payout. A request is one socket write: ioredis
// writes each command on its own and a pipeline or MULTI batch in one buffer (Pipeline.exec concatenates), so a write
// is one batch the client then waits on. Redis's own `total_commands_processed` is not that: it also counts every
// command inside a MULTI (and MULTI and EXEC) and every redis.call of a Lua script (BullMQ's are most of its traffic).
// Plain JavaScript: the compiled build runs under plain `node`; cluster workers inherit the flag through execArgv.
const net = require('node:net');
const { renameSync, writeFileSync } = require('node:fs');

/** Counts `write` calls on sockets connected to `port`, from now on. */
function countWritesTo(port, socketPrototype = net.Socket.prototype) {
  const counts = { requests: 0 };
  const write = socketPrototype.write;
  socketPrototype.write = function countedWrite(...args) {
    if (this.remotePort === port) counts.requests++;
    return write.apply(this, args);
  };
  return counts;
}

module.exports = { countWritesTo };

const prefix = process.env.BENCH_REDIS_REQUESTS_PREFIX;
const redisUrl = process.env.REDIS_URL;
if (prefix && redisUrl) {
  const counts = countWritesTo(Number(new URL(redisUrl).port || 6379));
  const file = `${prefix}${process.pid}.json`;
  let written = -1;
  const save = () => {
    if (counts.requests === written) return;
    written = counts.requests;
    // Written aside and renamed, so the bench never reads half a file.
    writeFileSync(
      `${file}.tmp`,
      JSON.stringify({ role: process.env.BENCH_ROLE ?? 'unknown', requests: counts.requests }),
    );
    renameSync(`${file}.tmp`, file);
  };
  // Every second, so the bench reads counts at most that old (it waits longer than that before each reading); unref'd,
  // so it never keeps a process alive. Not more often: each save is a file write and a rename, which the CPU profiles of
  // a 100 ms interval showed at 1.2–1.7 % of every process's time (counted in the CPU per payout).
  setInterval(save, 1_000).unref();
  process.on('exit', save);
}
