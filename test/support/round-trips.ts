import Redis from 'ioredis';
import { Client } from 'pg';

/**
 * Counts the round trips this process sends, where they leave it: pg's `Client.query` (a named statement by its
 * name, else its text) and ioredis's `sendCommand` (the command's name). Only while `counting` is set.
 */
export class RoundTripCounter {
  readonly postgres: string[] = [];
  readonly redis: string[] = [];
  counting = false;
  private readonly realQuery = Client.prototype.query;
  private readonly realSendCommand = Redis.prototype.sendCommand;

  install(): void {
    const { postgres, redis } = this;
    const counting = (): boolean => this.counting;
    const realQuery = this.realQuery as (...args: unknown[]) => unknown;
    const realSendCommand = this.realSendCommand;
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      if (counting()) {
        const query = args[0] as string | { name?: string; text?: string };
        postgres.push(typeof query === 'string' ? query : (query.name ?? query.text ?? '?'));
      }
      return realQuery.apply(this, args);
    } as typeof Client.prototype.query;
    Redis.prototype.sendCommand = function (this: Redis, command, stream) {
      if (counting()) redis.push(command.name);
      return realSendCommand.call(this, command, stream);
    };
  }

  restore(): void {
    Client.prototype.query = this.realQuery;
    Redis.prototype.sendCommand = this.realSendCommand;
  }
}
