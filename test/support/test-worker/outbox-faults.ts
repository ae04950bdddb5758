import { OUTBOX_FAULT_POINTS, type OutboxFaultPoint, type OutboxFaults } from '@libs/notifications';

/** The points FAULT_INJECT (comma-separated) names; throws on one the relay does not have. */
export function outboxFaultPointsOrThrow(entries: readonly string[]): ReadonlySet<OutboxFaultPoint> {
  const unknown = entries.filter((point) => !(OUTBOX_FAULT_POINTS as readonly string[]).includes(point));
  if (unknown.length > 0) {
    throw new Error(`FAULT_INJECT is invalid: "${unknown[0]}" is not one of ${OUTBOX_FAULT_POINTS.join(', ')}`);
  }
  return new Set(entries as OutboxFaultPoint[]);
}

/** The test worker's outbox crash points: the process exits with 137, as after kill -9. */
export class ExitingOutboxFaults implements OutboxFaults {
  constructor(
    private readonly points: ReadonlySet<OutboxFaultPoint>,
    private readonly logger: { error(details: object, message: string): void },
  ) {}

  at(point: OutboxFaultPoint): void {
    if (!this.points.has(point)) return;
    this.logger.error({ faultPoint: point }, `fault injection: exiting at ${point}`);
    // Straight to stderr as well: this can fire during start-up, while Nest still buffers log lines, and the process
    // exits before the buffer is flushed.
    process.stderr.write(`fault injection: exiting at ${point}\n`);
    process.exit(137);
  }
}
