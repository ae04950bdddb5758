import pino, { DestinationStream, Logger } from 'pino';
import { createRedactor } from './redaction';

export interface RootLoggerOptions {
  name: string;
  level: string;
  /** Configured secret values (from the config slices' secret flags): redacted wherever they appear. */
  secrets: readonly string[];
  /** Tests pass a stream to read what was written. */
  destination?: DestinationStream;
}

/** JSON logs on stdout, every object and message passed through the redactor before it is written. */
export function createRootLogger(options: RootLoggerOptions): Logger {
  const redact = createRedactor(options.secrets);
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level,
    base: { service: options.name, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redact(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((arg) => (typeof arg === 'string' ? redact.text(arg) : arg));
        return method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
