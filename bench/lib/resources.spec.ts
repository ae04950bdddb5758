import { isOurPostgresProcess, processTable, processTree, type ProcessEntry } from './resources';

describe('which processes a group holds', () => {
  const table: ProcessEntry[] = [
    { pid: 1, ppid: 0, comm: 'init' },
    { pid: 100, ppid: 1, comm: 'node' }, // the api (cluster primary)
    { pid: 101, ppid: 100, comm: 'node' }, // its cluster workers
    { pid: 102, ppid: 100, comm: 'node' },
    { pid: 103, ppid: 101, comm: 'node' }, // a grandchild
    { pid: 200, ppid: 1, comm: 'node' }, // a worker: not the api's
  ];

  it("takes an api's whole tree, children and grandchildren, and nothing else", () => {
    expect(processTree(table, 100).sort()).toEqual([100, 101, 102, 103]);
    expect(processTree(table, 200)).toEqual([200]);
    expect(processTree(table, undefined)).toEqual([]);
  });

  it('finds this process in the real process table, with its parent', () => {
    const self = processTable([]).find((entry) => entry.pid === process.pid);
    expect(self).toMatchObject({ ppid: process.ppid });
  });

  it("counts the Postgres server's own processes and our database's backends, not other databases'", () => {
    const db = 'bench_run_1796409959674';
    const ours = (title: string) => isOurPostgresProcess(title, db);
    expect(ours('/usr/lib/postgresql/15/bin/postgres -D /var/lib/postgresql/15/main -c config_file=x')).toBe(true);
    expect(ours('postgres: 15/main: checkpointer')).toBe(true);
    expect(ours('postgres: 15/main: walwriter')).toBe(true);
    expect(ours('postgres: background writer')).toBe(true);
    expect(ours(`postgres: 15/main: postgres ${db} 127.0.0.1(45136) idle`)).toBe(true);
    expect(ours(`postgres: postgres ${db} [local] SELECT`)).toBe(true);
    expect(ours('postgres: 15/main: postgres payouts_api 127.0.0.1(45137) idle')).toBe(false);
    expect(ours(`postgres: 15/main: postgres ${db}x 127.0.0.1(45138) idle`)).toBe(false);
    expect(ours(`postgres: 15/main: autovacuum worker ${db}`)).toBe(true);
    expect(ours('postgres: 15/main: autovacuum worker payouts_api')).toBe(false);
  });
});
