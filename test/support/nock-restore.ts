import http from 'node:http';

// nock 14 patches node's http module and the global fetch for the whole Jest worker when a spec imports it, and Jest's
// per-file module registry does not undo that: a later spec in the same worker then sends its real requests through a
// dead interceptor (seen as a stray "connect ECONNREFUSED" failing an unrelated test). Every spec that loaded nock
// restores the originals when it ends.
const originalClientRequest = http.ClientRequest;

afterAll(async () => {
  if (http.ClientRequest === originalClientRequest) return;
  const nock = (await import('nock')).default;
  nock.cleanAll();
  nock.restore();
});
