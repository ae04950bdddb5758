import { CSV_COLUMNS, CsvUnreadableError, csvFieldName, itemBodyOf, readCsvRows, type CsvRow } from './csv-items';

const HEADER = CSV_COLUMNS.join(',');

async function rowsOf(...chunks: (string | Buffer)[]): Promise<CsvRow[]> {
  async function* source() {
    for (const chunk of chunks) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
  const rows: CsvRow[] = [];
  for await (const batch of readCsvRows(source())) rows.push(...batch);
  return rows;
}

const unreadable = async (...chunks: string[]): Promise<CsvUnreadableError> => {
  const error = await rowsOf(...chunks).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CsvUnreadableError);
  return error as CsvUnreadableError;
};

describe('readCsvRows', () => {
  it('reads rows by header name, an empty cell being absent, with their index and line', async () => {
    const rows = await rowsOf(
      `${HEADER}\n`,
      '150000,TRY,Ahmet Yılmaz,TR320010009999901234567890,,ref-1,,item-1,,\n',
      '250000,TRY,Ayşe Demir,TR320010009999901234567890,10000000146,,,item-2,,2026-12-05T09:00:00+03:00\n',
    );
    expect(rows).toEqual([
      {
        index: 0,
        line: 2,
        cells: {
          amount: '150000',
          currency: 'TRY',
          beneficiaryName: 'Ahmet Yılmaz',
          iban: 'TR320010009999901234567890',
          reference: 'ref-1',
          itemReference: 'item-1',
        },
      },
      {
        index: 1,
        line: 3,
        cells: {
          amount: '250000',
          currency: 'TRY',
          beneficiaryName: 'Ayşe Demir',
          iban: 'TR320010009999901234567890',
          nationalId: '10000000146',
          itemReference: 'item-2',
          scheduledFor: '2026-12-05T09:00:00+03:00',
        },
      },
    ]);
  });

  it('skips a UTF-8 BOM and keeps Turkish characters split across chunks whole', async () => {
    const body = Buffer.from(`\ufeffamount,currency,beneficiaryName,iban,itemReference\n1,TRY,Şükrü Öğüt İçel,TR1,a\n`);
    // Cut inside the BOM and inside each two-byte letter.
    const cuts = [1, 2, 40, 41, 43, 47, 50];
    const chunks: Buffer[] = [];
    let from = 0;
    for (const cut of cuts) {
      chunks.push(body.subarray(from, cut));
      from = cut;
    }
    chunks.push(body.subarray(from));
    const [row] = await rowsOf(...chunks);
    expect(row.cells).toEqual({
      amount: '1',
      currency: 'TRY',
      beneficiaryName: 'Şükrü Öğüt İçel',
      iban: 'TR1',
      itemReference: 'a',
    });
  });

  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside a field', async () => {
    const [row] = await rowsOf(
      'amount,currency,beneficiaryName,iban,itemReference,description\r\n',
      '"1,50",TRY,"O""Brien, Ltd",TR1,a,"two\r\nlines"\r\n',
    );
    expect(row.cells).toMatchObject({ amount: '1,50', beneficiaryName: 'O"Brien, Ltd', description: 'two\r\nlines' });
  });

  it('counts lines from the file: a quoted line break and an empty line move the next rows down', async () => {
    const rows = await rowsOf(
      'amount,currency,beneficiaryName,iban,itemReference,description\n',
      '1,TRY,A,TR1,a,"one\ntwo\nthree"\n', // lines 2-4
      '\n', // line 5, empty
      '2,TRY,B,TR1,b,x\r\n', // line 6
      '3,TRY,C,TR1,c,"q\r\nr"\n', // lines 7-8
      '4,TRY,D,TR1,d,y', // line 9, no final line break
    );
    expect(rows.map((row) => [row.index, row.line])).toEqual([
      [0, 2],
      [1, 6],
      [2, 7],
      [3, 9],
    ]);
  });

  it('reads the columns in any order and lets optional ones out', async () => {
    const [row] = await rowsOf('itemReference,iban,beneficiaryName,currency,amount\nx,TR1,A,TRY,5\n');
    expect(row.cells).toEqual({ itemReference: 'x', iban: 'TR1', beneficiaryName: 'A', currency: 'TRY', amount: '5' });
  });

  it('marks a row with another number of cells than the header', async () => {
    const rows = await rowsOf('amount,currency,beneficiaryName,iban,itemReference\n1,TRY,A,TR1\n2,TRY,B,TR1,b,extra\n');
    expect(rows.map((row) => row.cellCount)).toEqual([
      { found: 4, expected: 5 },
      { found: 6, expected: 5 },
    ]);
  });

  it('refuses a wrong header, naming every unknown, repeated and missing column on line 1', async () => {
    const error = await unreadable('amount;currency;beneficiaryName;iban;itemReference\n1;TRY;A;TR1;a\n');
    expect(error.errors).toEqual([
      expect.objectContaining({ line: 1, field: 'header', message: expect.stringContaining('is not a batch column') }),
      ...['amount', 'currency', 'beneficiaryName', 'iban', 'itemReference'].map((column) =>
        expect.objectContaining({ line: 1, field: 'header', message: `the column "${column}" is missing` }),
      ),
    ]);

    const misspelt = await unreadable('amount,currency,benificiaryName,iban,itemReference,iban\n');
    expect(misspelt.errors.map((problem) => problem.message)).toEqual([
      expect.stringContaining('"benificiaryName" is not a batch column'),
      'column 6 repeats "iban"',
      'the column "beneficiaryName" is missing',
    ]);
  });

  it('refuses an empty file and broken quoting with the line where reading stopped', async () => {
    expect((await unreadable('')).errors).toEqual([expect.objectContaining({ line: 1, field: 'header' })]);
    const broken = await unreadable(
      'amount,currency,beneficiaryName,iban,itemReference\n1,TRY,A,TR1,a\n2,TRY,"B"x,TR1,b\n',
    );
    expect(broken.errors).toEqual([expect.objectContaining({ line: 3, field: 'csv' })]);
  });

  it('passes on an error of its source (the byte cap)', async () => {
    async function* source() {
      yield Buffer.from('amount,currency,beneficiaryName,iban,itemReference\n');
      throw new Error('too large');
    }
    const rows = (async () => {
      for await (const batch of readCsvRows(source())) void batch;
    })();
    await expect(rows).rejects.toThrow('too large');
  });
});

describe('itemBodyOf and csvFieldName', () => {
  it('builds the JSON item of a row, and names its fields back by column', () => {
    expect(
      itemBodyOf({
        index: 0,
        line: 2,
        cells: { amount: '5', currency: 'TRY', beneficiaryName: 'A', iban: 'TR1', itemReference: 'x' },
      }),
    ).toEqual({ amount: '5', currency: 'TRY', beneficiary: { name: 'A', iban: 'TR1' }, itemReference: 'x' });
    expect(['beneficiary.iban', 'beneficiary.name', 'beneficiary.nationalId', 'amount'].map(csvFieldName)).toEqual([
      'iban',
      'beneficiaryName',
      'nationalId',
      'amount',
    ]);
  });
});
