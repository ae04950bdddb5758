import { RequestLog } from './request-log';

describe('RequestLog', () => {
  it('lists from `since` onwards, oldest first, filtered by provider', () => {
    const log = new RequestLog();
    log.open('pientegra', 'POST', '/a', new Date(1_000));
    log.open('sipay', 'POST', '/b', new Date(2_000));
    log.open('pientegra', 'GET', '/c', new Date(3_000));
    expect(log.list({ sinceMs: 2_000 }).map((e) => e.path)).toEqual(['/b', '/c']);
    expect(log.list({ provider: 'pientegra' }).map((e) => e.path)).toEqual(['/a', '/c']);
    expect(log.list({ sinceMs: 3_001 })).toEqual([]);
  });

  it('keeps only the newest entries beyond its capacity', () => {
    const log = new RequestLog(10);
    for (let i = 0; i < 100; i += 1) log.open('sipay', 'POST', `/${i}`, new Date(i));
    const paths = log.list({}).map((e) => e.path);
    expect(paths.length).toBeLessThanOrEqual(11);
    expect(paths[paths.length - 1]).toBe('/99');
    expect(paths).toContain('/90');
  });
});
