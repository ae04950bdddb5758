import type { Figure } from './context';
import { targetTable, verdict } from './report';

const figure = (targets: Figure['targets']): Figure => ({
  part: 'end-to-end',
  name: 'x',
  value: {},
  baseline: { what: 'y' },
  ratio: 1,
  target: 't',
  met: false,
  checks: [],
  targets,
});

describe('the targets table', () => {
  it('says met, reported, or missed with the gap and what bounds it', () => {
    const row = { target: 't', measured: 'm', baseline: 'b', ratio: 'r' };
    expect(verdict({ ...row, met: true })).toBe('met');
    expect(verdict({ ...row, met: 'n/a' })).toBe('n/a (reported)');
    expect(verdict({ ...row, met: false, gap: 'CPU ms measured/target 3.5×', bound: 'postgres at a full core' })).toBe(
      '**missed**: CPU ms measured/target 3.5×. Bound: postgres at a full core',
    );
  });

  it('has one row per target row of the figures, in order, with pipes escaped', () => {
    const lines = targetTable([
      figure([{ target: '1. a', measured: '1|2', baseline: 'b', ratio: '0.1×', met: true }]),
      figure(undefined),
      figure([{ target: '3. c', measured: 'm', baseline: 'b', ratio: '2×', met: false, gap: 'g' }]),
    ]);
    expect(lines).toEqual([
      '| target | measured | baseline | ratio | met? |',
      '| --- | --- | --- | --- | --- |',
      '| 1. a | 1\\|2 | b | 0.1× | met |',
      '| 3. c | m | b | 2× | **missed**: g |',
    ]);
  });

  it('is empty when no figure has a target row', () => {
    expect(targetTable([figure(undefined)])).toEqual([]);
  });
});
