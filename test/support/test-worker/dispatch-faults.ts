import { DISPATCH_FAULT_POINTS, type DispatchFaultPoint, type FaultPoints } from '@libs/dispatch';

/** The longest a `during-call` kill waits after the call started: the sandbox answers within a few milliseconds. */
const DURING_CALL_MAX_DELAY_MS = 10;

/** One DISPATCH_FAULT entry, `point:probability` (probability 0..1, default 1). */
export function parseDispatchFaultOrThrow(entry: string): { point: DispatchFaultPoint; probability: number } {
  const [point, probabilityText, extra] = entry.split(':');
  if (!(DISPATCH_FAULT_POINTS as readonly string[]).includes(point) || extra !== undefined) {
    throw new Error(`"${entry}" is not point[:probability] with point one of ${DISPATCH_FAULT_POINTS.join(', ')}`);
  }
  const probability = probabilityText === undefined ? 1 : Number(probabilityText);
  if (!/^(0(\.\d+)?|1(\.0+)?)$/.test(probabilityText ?? '1')) {
    throw new Error(`"${entry}": the probability must be a number from 0 to 1`);
  }
  return { point: point as DispatchFaultPoint, probability };
}

/**
 * The test worker's dispatch crash points (DISPATCH_FAULT): SIGKILL, exactly like `kill -9`, so no finally block,
 * shutdown hook or pending write runs.
 */
export class SigkillFaultPoints implements FaultPoints {
  constructor(
    private readonly probabilities: ReadonlyMap<DispatchFaultPoint, number>,
    private readonly logger: { error(message: string): void },
    private readonly random: () => number = Math.random,
  ) {}

  crashAt(point: Exclude<DispatchFaultPoint, 'during-call'>): void {
    if (this.fires(point)) this.kill(point);
  }

  armDuringCall(): () => void {
    if (!this.fires('during-call')) return () => undefined;
    const timer = setTimeout(() => this.kill('during-call'), Math.floor(this.random() * DURING_CALL_MAX_DELAY_MS));
    return () => clearTimeout(timer);
  }

  private fires(point: DispatchFaultPoint): boolean {
    const probability = this.probabilities.get(point) ?? 0;
    return probability > 0 && this.random() < probability;
  }

  private kill(point: DispatchFaultPoint): void {
    this.logger.error(`fault injection: SIGKILL at ${point}`);
    // SIGKILL gives the logger no time to flush: the line the fault test counts goes to stderr synchronously too.
    process.stderr.write(`fault injection: SIGKILL at ${point}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
}

/** The crash points DISPATCH_FAULT (comma-separated entries) arms; throws on an entry it cannot read. */
export function sigkillFaultPointsOrThrow(
  entries: readonly string[],
  logger: { error(message: string): void },
): SigkillFaultPoints {
  const probabilities = new Map<DispatchFaultPoint, number>();
  for (const entry of entries) {
    const { point, probability } = parseDispatchFaultOrThrow(entry);
    probabilities.set(point, probability);
  }
  return new SigkillFaultPoints(probabilities, logger);
}
