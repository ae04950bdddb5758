import { inLanes } from './in-lanes';

describe('inLanes', () => {
  it('works every item once, in order of start, with at most `lanes` calls in flight', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    await inLanes([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      started.push(item);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, item % 2 === 0 ? 5 : 1));
      inFlight--;
    });
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('runs one lane when asked for none, and nothing for no items', async () => {
    const seen: string[] = [];
    await inLanes(['a', 'b'], 0, async (item) => void seen.push(item));
    await inLanes([], 4, async () => void seen.push('never'));
    expect(seen).toEqual(['a', 'b']);
  });
});
