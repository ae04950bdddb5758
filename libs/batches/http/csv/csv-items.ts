import { parse, type CsvError, type Options } from 'csv-parse';
import type { BatchItemError } from '../../domain';

/** The columns of a batch CSV (programs.md), as its header row names them; any order is read. */
export const CSV_COLUMNS = [
  'amount',
  'currency',
  'beneficiaryName',
  'iban',
  'nationalId',
  'reference',
  'description',
  'itemReference',
  'provider',
  'scheduledFor',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Columns every header must have; the others may be left out (every cell of theirs is then absent). */
export const REQUIRED_CSV_COLUMNS: readonly CsvColumn[] = [
  'amount',
  'currency',
  'beneficiaryName',
  'iban',
  'itemReference',
];

/** One data row: its 0-based index among the data rows, its first line (the header is line 1), its non-empty cells. */
export interface CsvRow {
  index: number;
  line: number;
  cells: Partial<Record<CsvColumn, string>>;
  /** Set when the row has another number of cells than the header. */
  cellCount?: { found: number; expected: number };
}

/** A CSV that cannot be read as a batch at all (wrong header, broken quoting): its problems, nothing else. */
export class CsvUnreadableError extends Error {
  constructor(readonly errors: BatchItemError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'CsvUnreadableError';
  }
}

const isColumn = (name: string): name is CsvColumn => (CSV_COLUMNS as readonly string[]).includes(name);

/** Every problem of a header row: unknown, repeated and missing columns. */
export function headerProblems(header: readonly string[]): BatchItemError[] {
  const problems: BatchItemError[] = [];
  const seen = new Set<string>();
  header.forEach((name, position) => {
    const at = `column ${position + 1}`;
    if (!isColumn(name)) {
      problems.push({
        line: 1,
        field: 'header',
        message: `${at} "${name.slice(0, 64)}" is not a batch column (expected ${CSV_COLUMNS.join(',')})`,
      });
    } else if (seen.has(name)) {
      problems.push({ line: 1, field: 'header', message: `${at} repeats "${name}"` });
    }
    seen.add(name);
  });
  for (const required of REQUIRED_CSV_COLUMNS) {
    if (!seen.has(required))
      problems.push({ line: 1, field: 'header', message: `the column "${required}" is missing` });
  }
  return problems;
}

/** Line breaks in a record's raw text (CRLF counts once): how far the next record starts below this one. */
function lineBreaks(raw: string): number {
  let count = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13 && raw.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}

/**
 * Reads a batch CSV as it streams in (RFC 4180 via csv-parse: quoted fields with commas, doubled quotes and line
 * breaks; UTF-8, a leading BOM skipped; CRLF or LF), yielding one row at a time so memory holds a row, not the file.
 * Line numbers are counted here from each record's raw text, so a quoted line break moves the next row's line down.
 * Empty lines are skipped (and counted). A wrong header or broken quoting throws CsvUnreadableError.
 */
export async function* readCsvRows(source: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRow[]> {
  // Counted as the parser reads each record (on_record runs in step with it), so a syntax error knows its line too.
  let nextLine = 1;
  type RawRecord = { record: string[]; raw: string };
  type LinedRecord = RawRecord & { line: number };
  const options: Options<LinedRecord, RawRecord> = {
    bom: true,
    raw: true,
    relax_column_count: true,
    record_delimiter: ['\r\n', '\n'],
    encoding: 'utf8',
    on_record: ({ record, raw }) => {
      const line = nextLine;
      nextLine += lineBreaks(raw);
      return { record, raw, line };
    },
  };
  // The typings tie a custom record type to `columns`; without it they take string[] records.
  const parser = parse(options as unknown as Options);
  // Feeds the parser from the source, respecting its back-pressure; a source error (the byte cap) ends the parser with
  // it. Once the parser is gone (a wrong header), it stops taking chunks: the caller drains or closes the source.
  void (async () => {
    try {
      for await (const chunk of source) {
        if (parser.destroyed) return;
        if (!parser.write(chunk)) {
          await new Promise<void>((resolve) => {
            const done = () => {
              parser.off('drain', done);
              parser.off('close', done);
              resolve();
            };
            parser.on('drain', done);
            parser.on('close', done);
          });
        }
      }
      if (!parser.destroyed) parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();

  let header: CsvColumn[] | undefined;
  let index = 0;
  try {
    for await (const records of inBatches<LinedRecord>(parser)) {
      const rows: CsvRow[] = [];
      for (const { record, raw, line } of records) {
        if (record.length === 1 && record[0] === '' && !raw.startsWith('"')) continue; // an empty line
        if (header === undefined) {
          const names = record.map((name) => name.trim());
          const problems = headerProblems(names);
          if (problems.length > 0) throw new CsvUnreadableError(problems);
          header = names as CsvColumn[];
          continue;
        }
        const cells: Partial<Record<CsvColumn, string>> = {};
        for (let c = 0; c < Math.min(record.length, header.length); c++) {
          if (record[c] !== '') cells[header[c]] = record[c];
        }
        rows.push({
          index: index++,
          line,
          cells,
          ...(record.length !== header.length ? { cellCount: { found: record.length, expected: header.length } } : {}),
        });
      }
      if (rows.length > 0) yield rows;
    }
  } catch (error) {
    if (error instanceof CsvUnreadableError) throw error;
    const csvError = error as CsvError;
    if (typeof csvError.code === 'string' && csvError.code.startsWith('CSV_')) {
      throw new CsvUnreadableError([
        {
          line: nextLine,
          field: 'csv',
          message: `cannot be read from line ${nextLine} on (${csvError.code}): ${csvError.message.slice(0, 200)}`,
        },
      ]);
    }
    throw error;
  } finally {
    parser.destroy();
  }
  if (header === undefined) {
    throw new CsvUnreadableError([{ line: 1, field: 'header', message: 'the file is empty: it needs a header row' }]);
  }
}

/**
 * The records of an object-mode stream, as many at a time as it has ready: one await per chunk of the file rather than
 * one per record (the per-record promise of `for await` cost more than the parsing itself).
 */
async function* inBatches<T>(stream: NodeJS.ReadableStream & { destroyed: boolean }): AsyncGenerator<T[]> {
  let ready: T[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    wake?.();
    wake = undefined;
  };
  stream.on('readable', () => {
    let record: T | null;
    while ((record = stream.read() as T | null) !== null) ready.push(record);
    signal();
  });
  stream.on('end', () => {
    ended = true;
    signal();
  });
  stream.on('error', (error: unknown) => {
    failure = error;
    signal();
  });
  stream.on('close', () => {
    ended = true;
    signal();
  });
  for (;;) {
    if (ready.length > 0) {
      const batch = ready;
      ready = [];
      yield batch;
    } else if (failure !== undefined) {
      throw failure;
    } else if (ended) {
      return;
    } else {
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
}

/** A CSV row as the body of one item of a JSON batch (an empty cell is an absent field). */
export function itemBodyOf(row: CsvRow): Record<string, unknown> {
  const { cells } = row;
  const beneficiary: Record<string, string> = {};
  if (cells.beneficiaryName !== undefined) beneficiary.name = cells.beneficiaryName;
  if (cells.iban !== undefined) beneficiary.iban = cells.iban;
  if (cells.nationalId !== undefined) beneficiary.nationalId = cells.nationalId;
  const body: Record<string, unknown> = { beneficiary };
  for (const column of [
    'amount',
    'currency',
    'reference',
    'description',
    'itemReference',
    'provider',
    'scheduledFor',
  ] as const) {
    if (cells[column] !== undefined) body[column] = cells[column];
  }
  return body;
}

/** A field of an item body named by its CSV column: `beneficiary.iban` is the column `iban`. */
export function csvFieldName(field: string): string {
  switch (field) {
    case 'beneficiary':
    case 'beneficiary.name':
      return 'beneficiaryName';
    case 'beneficiary.iban':
      return 'iban';
    case 'beneficiary.nationalId':
      return 'nationalId';
    default:
      return field;
  }
}
