/** Counts `write` calls on sockets connected to `port`, from now on (see redis-requests-preload.js). */
export function countWritesTo(port: number, socketPrototype?: object): { requests: number };
