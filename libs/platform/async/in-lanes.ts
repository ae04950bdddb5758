/**
 * Runs `work` over `items` with at most `lanes` calls in flight, taking items in order (each lane takes the next one
 * when its call ends). The sweeps and the poller use it so that a claimed batch is worked at the configured
 * concurrency; what `work` throws is the caller's to catch (each caller records its own failures).
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
}
