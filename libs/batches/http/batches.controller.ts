import { once } from 'node:events';
import { Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ApiKeyController,
  ApiProblems,
  CurrentClient,
  hasScope,
  Scopes,
  type AuthenticatedClient,
} from '@libs/clients';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_KEY_LENGTH,
  IdempotencyKey,
  replayComparableBody,
  requestHash,
} from '@libs/payouts';
import { ProblemError } from '@libs/platform/http';
import {
  CreateBatch,
  ITEMS_CSV_COLUMNS,
  itemsCsvRow,
  ReadBatches,
  type BatchItemCandidate,
  type BatchVisibility,
  type CreateBatchCommand,
} from '../application';
import { BatchInvalidError, type BatchItemError } from '../domain';
import { BATCH_LIMITS, type BatchLimits } from '../batch-limits';
import { batchFieldProblems, candidateOf } from './batch-items';
import { CSV_COLUMNS, CsvUnreadableError, csvFieldName, itemBodyOf, readCsvRows } from './csv/csv-items';
import {
  BatchDto,
  BatchItemsPageDto,
  BatchPageDto,
  ListBatchItemsQueryDto,
  ListBatchesQueryDto,
} from './dto/batch.dto';
import { BatchQueryDto, CreateBatchDto } from './dto/create-batch.dto';
import { cappedBody, declaredTooLarge, payloadTooLarge, readCappedBody, sha256 } from './request-body';

/** The path of the batch intake: its body is read here (JSON or CSV, streamed), not by the app's JSON parser. */
export const BATCH_INTAKE_PATH = '/v1/payout-batches';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const batchIdOrThrow = (id: string): string => {
  if (!UUID.test(id)) throw new ProblemError('not_found', `no payout batch ${id.slice(0, 64)}`);
  return id.toLowerCase();
};

const visibilityOf = (client: AuthenticatedClient): BatchVisibility => ({
  clientId: client.id,
  seesAllClients: hasScope(client, 'ops:read'),
  seesAwaitingApproval: hasScope(client, 'payouts:approve'),
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type ParsedBatch = Pick<
  CreateBatchCommand,
  'requestHash' | 'header' | 'items' | 'requestErrors' | 'fieldName' | 'uncheckedItems'
>;

const CSV_EXAMPLE =
  `${CSV_COLUMNS.join(',')}\n` +
  '250000,TRY,Ayşe Yılmaz,TR320010009999901234567890,10000000146,inv-1,December,row-1,,\n' +
  '"1250",TRY,"Öztürk, Şükrü",TR320010009999901234567890,,,,row-2,,2026-12-05T09:00:00+03:00\n';

@ApiKeyController('payout-batches', 'v1/payout-batches')
@ApiExtraModels(CreateBatchDto)
export class BatchesController {
  constructor(
    @Inject(CreateBatch) private readonly createBatch: CreateBatch,
    @Inject(ReadBatches) private readonly readBatches: ReadBatches,
    @Inject(BATCH_LIMITS) private readonly limits: BatchLimits,
  ) {}

  @Post()
  @Scopes('payouts:write')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createPayoutBatch',
    summary: 'Create a batch of payouts, from JSON or CSV (all or nothing; idempotent per Idempotency-Key)',
    description:
      'Each item is a `POST /v1/payouts` body plus an `itemReference` unique in the batch, checked by the same ' +
      'rules; one currency per batch; at most BATCH_MAX_ITEMS items and BATCH_MAX_BYTES bytes. If any item is ' +
      'invalid the answer is `422 batch_invalid` listing every problem of every invalid item, and nothing is ' +
      'stored. A valid batch is stored with all its payouts in one transaction: `201` with the batch (`open`; its ' +
      'items `pending`, or `scheduled` until their `scheduledFor`). A CSV (`Content-Type: text/csv`, UTF-8, RFC ' +
      '4180, a BOM tolerated) has a header row naming its columns (`' +
      CSV_COLUMNS.join(',') +
      '`, any order; amount, currency, beneficiaryName, iban and itemReference required); an empty cell is an ' +
      'absent field; it is read as it streams in. Send the same key and body again after a timeout or a 5xx: you ' +
      'get the first answer (`Idempotent-Replayed: true`), never a second batch.',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(CreateBatchDto) } },
        'text/csv': {
          schema: { type: 'string', description: 'a header row, then one row per item' },
          example: CSV_EXAMPLE,
        },
      },
    },
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: true,
    description: `${IDEMPOTENCY_KEY_LENGTH.min}..${IDEMPOTENCY_KEY_LENGTH.max} characters, unique per batch; resend it on retries`,
    example: 'payroll-2026-12',
  })
  @ApiResponse({
    status: 201,
    type: BatchDto,
    description: 'Created. The same key and body again answer the first status and body, with Idempotent-Replayed',
    headers: {
      Location: {
        description: 'The batch’s URL, `/v1/payout-batches/{id}`',
        schema: { type: 'string', format: 'uri-reference' },
        required: true,
      },
      'Idempotent-Replayed': {
        description: '`true` when this is the stored answer to an earlier request with the same key and body',
        schema: { type: 'string', enum: ['true'] },
        required: false,
      },
    },
  })
  @ApiProblems(
    {
      code: 'validation_failed',
      status: 400,
      description: 'The JSON body does not parse or is not an object, or a query parameter is not valid.',
    },
    'batch_invalid',
    'idempotency_key_reused',
    'idempotency_key_in_use',
    {
      code: 'payload_too_large',
      status: 413,
      description: 'The body is larger than BATCH_MAX_BYTES (default 16 MiB); nothing was stored.',
    },
    {
      code: 'unsupported_media_type',
      status: 415,
      description: 'The body is neither application/json nor text/csv.',
    },
  )
  async create(
    @IdempotencyKey() idempotencyKey: string,
    @Query() query: BatchQueryDto,
    @Req() request: Request,
    @CurrentClient() client: AuthenticatedClient,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    try {
      const isCsv = Boolean(request.is('text/csv'));
      if (!isCsv && !request.is('application/json')) {
        const sent = request.headers['content-type'];
        throw new ProblemError(
          'unsupported_media_type',
          `${sent === undefined ? 'the request body has no Content-Type' : `Content-Type ${String(sent).slice(0, 100)} is not accepted`}; send application/json or text/csv`,
        );
      }
      if (declaredTooLarge(request.headers['content-length'], this.limits.maxBytes)) {
        throw payloadTooLarge(this.limits.maxBytes);
      }
      const parsed = isCsv ? await this.readCsv(request, query) : await this.readJson(request, query);
      const result = await this.createBatch.execute({ clientId: client.id, idempotencyKey, ...parsed });
      response.status(result.status);
      if (result.status === 201) response.setHeader('Location', `/v1/payout-batches/${String(result.body.id)}`);
      if (result.kind === 'replayed') response.setHeader('Idempotent-Replayed', 'true');
      return result.body;
    } catch (error) {
      if (error instanceof ProblemError && error.code === 'payload_too_large')
        response.setHeader('Connection', 'close');
      throw error;
    } finally {
      // A body left unread (refused before or while reading it) is drained, so the answer reaches the client.
      if (!request.complete) request.resume();
    }
  }

  private async readJson(request: Request, query: BatchQueryDto): Promise<ParsedBatch> {
    if (query.reference !== undefined || query.description !== undefined) {
      throw new ProblemError('validation_failed', 'a JSON batch carries reference and description in its body', [
        { field: query.reference !== undefined ? 'reference' : 'description', message: 'is a body field here' },
      ]);
    }
    const bytes = await readCappedBody(request, this.limits.maxBytes);
    let body: unknown;
    try {
      body = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new ProblemError('validation_failed', 'the request body is not valid JSON');
    }
    if (!isPlainObject(body)) throw new ProblemError('validation_failed', 'the request body must be a JSON object');
    const { items, ...fields } = body;
    const requestErrors: BatchItemError[] = batchFieldProblems(fields);
    const candidates: BatchItemCandidate[] = [];
    if (!Array.isArray(items)) {
      requestErrors.push({ field: 'items', message: 'must be an array of payout bodies, each with its itemReference' });
    } else {
      // Items past BATCH_MAX_ITEMS are counted, not read: the batch is refused for its size.
      items.slice(0, this.limits.maxItems).forEach((item, index) => candidates.push(candidateOf(item, index)));
    }
    return {
      // "The same body": the same JSON, key order and each IBAN's spacing and letter case aside.
      requestHash: requestHash({
        ...body,
        ...(Array.isArray(items) ? { items: items.map(replayComparableBody) } : {}),
      }),
      header: {
        reference: typeof fields.reference === 'string' ? fields.reference : null,
        description: typeof fields.description === 'string' ? fields.description : null,
        metadata: isPlainObject(fields.metadata) ? (fields.metadata as Record<string, string>) : {},
      },
      items: candidates,
      uncheckedItems: Array.isArray(items) ? Math.max(0, items.length - this.limits.maxItems) : 0,
      requestErrors,
    };
  }

  private async readCsv(request: Request, query: BatchQueryDto): Promise<ParsedBatch> {
    // The same bytes (and the same query fields) are the same CSV batch.
    const hash = sha256().update(`text/csv\n${JSON.stringify([query.reference ?? null, query.description ?? null])}\n`);
    const candidates: BatchItemCandidate[] = [];
    let uncheckedItems = 0;
    try {
      for await (const rows of readCsvRows(cappedBody(request, this.limits.maxBytes, hash))) {
        for (const row of rows) {
          // Rows past BATCH_MAX_ITEMS are counted, not read: the batch is refused for its size.
          if (candidates.length >= this.limits.maxItems) {
            uncheckedItems++;
            continue;
          }
          const candidate = candidateOf(itemBodyOf(row), row.index, row.line);
          if (row.cellCount) {
            candidate.errors.push({
              field: 'row',
              message: `has ${row.cellCount.found} cells; the header has ${row.cellCount.expected}`,
            });
            delete candidate.input;
          }
          candidates.push(candidate);
        }
      }
    } catch (error) {
      if (error instanceof CsvUnreadableError) throw new BatchInvalidError(error.errors);
      throw error;
    }
    return {
      requestHash: hash.digest('hex'),
      header: { reference: query.reference ?? null, description: query.description ?? null, metadata: {} },
      items: candidates,
      requestErrors: [],
      uncheckedItems,
      fieldName: csvFieldName,
    };
  }

  @Get()
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'listPayoutBatches',
    summary: 'List batches, newest first, cursor-paginated',
    description: 'Your own batches (every client’s with `ops:read`), each with its counts.',
  })
  @ApiResponse({ status: 200, type: BatchPageDto })
  @ApiProblems('validation_failed')
  list(@Query() query: ListBatchesQueryDto, @CurrentClient() client: AuthenticatedClient) {
    return this.readBatches.list(visibilityOf(client), { limit: query.limit, cursor: query.cursor });
  }

  @Get(':id')
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'getPayoutBatch',
    summary: 'Get a batch with the count of its items in each status',
    description: 'Your own batch (any with `ops:read`); another client’s, or an id that is not a UUID, answers 404.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: BatchDto })
  @ApiProblems('not_found')
  get(@Param('id') id: string, @CurrentClient() client: AuthenticatedClient) {
    return this.readBatches.get(batchIdOrThrow(id), visibilityOf(client));
  }

  @Get(':id/items')
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'listPayoutBatchItems',
    summary: 'List a batch’s items (payouts), in the order of the request, optionally by status',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: BatchItemsPageDto })
  @ApiProblems('validation_failed', 'not_found')
  items(@Param('id') id: string, @Query() query: ListBatchItemsQueryDto, @CurrentClient() client: AuthenticatedClient) {
    return this.readBatches.items(batchIdOrThrow(id), visibilityOf(client), {
      status: query.status,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Get(':id/items.csv')
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'exportPayoutBatchItems',
    summary: 'Every item of a batch as CSV, streamed',
    description: `One row per item, in the order of the request, under the header \`${ITEMS_CSV_COLUMNS.join(',')}\`.`,
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'RFC 4180, UTF-8; an empty cell is an absent value',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblems('not_found')
  async itemsCsv(
    @Param('id') id: string,
    @CurrentClient() client: AuthenticatedClient,
    @Res() response: Response,
  ): Promise<void> {
    const batchId = batchIdOrThrow(id);
    const items = await this.readBatches.itemsForExport(batchId, visibilityOf(client));
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="batch-${batchId}.csv"`);
    let chunk = `${ITEMS_CSV_COLUMNS.join(',')}\r\n`;
    for await (const item of items) {
      chunk += `${itemsCsvRow(item)}\r\n`;
      if (chunk.length >= 64 * 1024) {
        if (!response.write(chunk)) await once(response, 'drain');
        chunk = '';
      }
    }
    response.end(chunk);
  }
}
