import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { createRedactor } from './redaction';

/** `json`: one JSON object per line, for a log shipper. `pretty`: one readable line per entry, for a person. */
export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when set; else pretty for a person at a terminal and json for anything reading a pipe or a file. */
export const logFormatOf = (configured: LogFormat | undefined, stdoutIsTerminal = Boolean(process.stdout.isTTY)) =>
  configured ?? (stdoutIsTerminal ? 'pretty' : 'json');

export interface RootLoggerOptions {
  name: string;
  level: string;
  /** Configured secret values (from the config slices' secret flags): redacted wherever they appear. */
  secrets: readonly string[];
  /** Defaults to json. */
  format?: LogFormat;
  /** Pretty format only; by default pino-pretty's own reading of the terminal, FORCE_COLOR and NO_COLOR. */
  colour?: boolean;
  /** Tests pass a stream to read what was written. */
  destination?: DestinationStream;
}

/**
 * The pretty format renders the JSON line pino has already built, so it sees only what the redactor left: both formats
 * carry the same redaction. Synchronous like pino's own stdout, so a line logged just before process.exit is not lost.
 */
function prettyStream(options: RootLoggerOptions): DestinationStream {
  return pretty({
    ...(options.colour === undefined ? {} : { colorize: options.colour }),
    destination: options.destination ?? 1,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // `service` repeats `name`; `npm start` prefixes every line with the process anyway.
    ignore: 'hostname,service',
    singleLine: true,
  });
}

/** Logs on stdout, every object and message passed through the redactor before it is written. */
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
  if (options.format === 'pretty') return pino(settings, prettyStream(options));
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
