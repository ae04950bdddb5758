import type { ProcessCircuit, ProviderHealthBoard } from '@libs/routing';
import type { ProviderCircuits } from './provider-circuits';

/**
 * Publishes this process's circuit states to the health board: at once on every change, and again before the
 * published entry expires. A killed worker stops publishing, so its entries vanish from GET /v1/providers.
 */
export class CircuitPublisher {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly board: Pick<ProviderHealthBoard, 'publishCircuit'>,
    private readonly instance: string,
    private readonly providers: () => readonly string[],
    private readonly ttlMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(circuits: ProviderCircuits): void {
    const publishAll = () => {
      for (const provider of this.providers()) this.publish(provider, circuits.snapshot(provider));
    };
    publishAll();
    this.timer = setInterval(publishAll, Math.floor(this.ttlMs / 3));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  publish(provider: string, circuit: ProcessCircuit): void {
    this.board
      .publishCircuit(provider, this.instance, { ...circuit, instance: this.instance }, this.ttlMs, new Date())
      .catch(this.onError);
  }
}
