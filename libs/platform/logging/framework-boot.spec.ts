import type { LoggerService } from '@nestjs/common';
import { withFrameworkBootAtDebug } from './framework-boot';
import { logFormatOf } from './root-logger';

function recording() {
  const calls: [string, ...unknown[]][] = [];
  const inner: LoggerService = {
    log: (...args: unknown[]) => calls.push(['log', ...args]),
    error: (...args: unknown[]) => calls.push(['error', ...args]),
    warn: (...args: unknown[]) => calls.push(['warn', ...args]),
    debug: (...args: unknown[]) => calls.push(['debug', ...args]),
  };
  return { calls, logger: withFrameworkBootAtDebug(inner) };
}

describe('withFrameworkBootAtDebug', () => {
  it("moves Nest's start-up lines (module loader, routes, start) to debug, with their context", () => {
    const { calls, logger } = recording();
    logger.log('Starting Nest application...', 'NestFactory');
    logger.log('PayoutsModule dependencies initialized', 'InstanceLoader');
    logger.log('PayoutsController {/v1/payouts}:', 'RoutesResolver');
    logger.log('Mapped {/v1/payouts, POST} route', 'RouterExplorer');
    logger.log('Nest application successfully started', 'NestApplication');
    expect(calls.map(([method]) => method)).toEqual(['debug', 'debug', 'debug', 'debug', 'debug']);
    expect(calls[1]).toEqual(['debug', 'PayoutsModule dependencies initialized', 'InstanceLoader']);
  });

  it('leaves our own lines, and every warning and error, as they were', () => {
    const { calls, logger } = recording();
    logger.log('provider sipay: enabled (sandbox)', 'Providers');
    logger.log({ port: 3000 }, 'listening');
    logger.warn('slow start', 'InstanceLoader');
    logger.error('failed', 'stack', 'NestApplication');
    expect(calls).toEqual([
      ['log', 'provider sipay: enabled (sandbox)', 'Providers'],
      ['log', { port: 3000 }, 'listening'],
      ['warn', 'slow start', 'InstanceLoader'],
      ['error', 'failed', 'stack', 'NestApplication'],
    ]);
  });
});

describe('logFormatOf', () => {
  it('takes LOG_FORMAT when set, else pretty on a terminal and json on a pipe or file', () => {
    expect(logFormatOf('json', true)).toBe('json');
    expect(logFormatOf('pretty', false)).toBe('pretty');
    expect(logFormatOf(undefined, true)).toBe('pretty');
    expect(logFormatOf(undefined, false)).toBe('json');
  });
});
