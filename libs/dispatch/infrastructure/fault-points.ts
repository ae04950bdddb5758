import type { Logger } from '@nestjs/common';
import type { FaultPoints } from '../application';
import type { DispatchFaultPoint } from '../dispatch.config';

/** The longest a `during-call` kill waits after the call started: the sandbox answers within a few milliseconds. */
const DURING_CALL_MAX_DELAY_MS = 10;

/**
 * Test-only crash points (DISPATCH_FAULT, honoured only with NODE_ENV=test): SIGKILL, exactly like `kill -9`, so no
 * finally block, shutdown hook or pending write runs.
 */
export class SigkillFaultPoints implements FaultPoints {
  constructor(
    private readonly probabilities: ReadonlyMap<DispatchFaultPoint, number>,
    private readonly logger: Pick<Logger, 'error'>,
    private readonly random: () => number = Math.random,
  ) {}

  crashAt(point: 'before-call' | 'after-call-before-commit'): void {
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

export const NO_FAULTS: FaultPoints = { crashAt: () => undefined, armDuringCall: () => () => undefined };
