import { Body, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiResponse } from '@nestjs/swagger';
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
  CancelPayout,
  CreatePayout,
  EXPORT_COLUMNS,
  ExportPayouts,
  GetPayout,
  ListPayouts,
  type PayoutExpansion,
  type PayoutVisibility,
} from '../application';
import { CancelPayoutDto } from './dto/cancel-payout.dto';
import { CreatePayoutDto } from './dto/create-payout.dto';
import { ExpandedPayoutDto, PayoutDto, PayoutPageDto } from './dto/payout.dto';
import { GetPayoutQueryDto, ListPayoutsQueryDto, PayoutFilterQueryDto } from './dto/payout-queries.dto';
import { writeChunks } from '@libs/platform/http';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_LENGTH, IdempotencyKey } from './idempotency-key.decorator';
import { payoutIdOrThrow } from './payout-id';
import { replayRequestHashes } from './replay-body';

const visibilityOf = (client: AuthenticatedClient): PayoutVisibility => ({
  clientId: client.id,
  seesAllClients: hasScope(client, 'ops:read'),
  seesAwaitingApproval: hasScope(client, 'payouts:approve'),
});

const filterOf = (query: PayoutFilterQueryDto, client: AuthenticatedClient) => ({
  visibility: visibilityOf(client),
  status: query.status,
  provider: query.provider,
  reference: query.reference,
  createdFrom: query.createdFrom === undefined ? undefined : new Date(query.createdFrom),
  createdTo: query.createdTo === undefined ? undefined : new Date(query.createdTo),
});

@ApiKeyController('payouts', 'v1/payouts')
export class PayoutsController {
  constructor(
    @Inject(CreatePayout) private readonly createPayout: CreatePayout,
    @Inject(GetPayout) private readonly getPayout: GetPayout,
    @Inject(ListPayouts) private readonly listPayouts: ListPayouts,
    @Inject(CancelPayout) private readonly cancelPayout: CancelPayout,
    @Inject(ExportPayouts) private readonly exportPayouts: ExportPayouts,
  ) {}

  @Post()
  @Scopes('payouts:write')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createPayout',
    summary: 'Create a payout (idempotent per Idempotency-Key)',
    description:
      'Validates the body (IBAN mod-97, national id checksum, a currency and provider that can pay it), stores the ' +
      'payout as `pending` and queues its dispatch, or with a future `scheduledFor` as `scheduled` until then; ' +
      'the answer does not wait for the provider. Send the same ' +
      '`Idempotency-Key` and body again after a timeout or a 5xx: you get the first answer (with ' +
      '`Idempotent-Replayed: true`), never a second payout. Spaces in the IBAN and key order do not make another body.',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: true,
    description: `${IDEMPOTENCY_KEY_LENGTH.min}..${IDEMPOTENCY_KEY_LENGTH.max} characters, unique per payout; resend it on retries`,
    example: 'order-991-payout',
  })
  @ApiResponse({
    status: 201,
    type: PayoutDto,
    description:
      'Created. The same key and body again answer the first status and body, with Idempotent-Replayed: true',
    headers: {
      Location: {
        description: 'The payout’s URL, `/v1/payouts/{id}`',
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
    'validation_failed',
    {
      code: 'validation_failed',
      status: 422,
      description:
        'Well-formed, but no enabled provider can pay it: `errors` names `currency`, `beneficiary.iban` (its country) or a pinned `provider`; or `scheduledFor` is not an ISO 8601 time with an offset, or is further ahead than SCHEDULE_MAX_AHEAD.',
    },
    'idempotency_key_in_use',
    'idempotency_key_reused',
    'payload_too_large',
    'unsupported_media_type',
  )
  async create(
    @IdempotencyKey() idempotencyKey: string,
    @Body() body: CreatePayoutDto,
    @Req() request: Request,
    @CurrentClient() client: AuthenticatedClient,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Record<string, unknown>> {
    const result = await this.createPayout.execute({
      clientId: client.id,
      idempotencyKey,
      // The body as sent (before DTO transformation): "the same body" means the same JSON, key order and the IBAN's
      // spacing and letter case aside.
      ...replayRequestHashes(request.body),
      input: body,
    });
    response.status(result.status);
    if (result.status === 201) response.setHeader('Location', `/v1/payouts/${String(result.body.id)}`);
    if (result.kind === 'replayed') response.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'listPayouts',
    summary: 'List payouts, newest first, cursor-paginated',
    description:
      'Your own payouts (every client’s with `ops:read`), filtered by status, provider, reference and creation ' +
      'time. Pass `nextCursor` as `cursor` for the next page; a cursor the service did not issue answers 400.',
  })
  @ApiResponse({ status: 200, type: PayoutPageDto })
  @ApiProblems('validation_failed')
  list(@Query() query: ListPayoutsQueryDto, @CurrentClient() client: AuthenticatedClient) {
    return this.listPayouts.execute({ ...filterOf(query, client), limit: query.limit, cursor: query.cursor });
  }

  // Before `:id`: Express matches routes in the order they are declared.
  @Get('export')
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'exportPayouts',
    summary: 'Export payouts as CSV, streamed',
    description:
      'The payouts `GET /v1/payouts` would list for the same filters (your own; every client’s with `ops:read`), ' +
      'newest first, as RFC 4180 CSV (UTF-8, CRLF line ends, a field with a comma, quote or line break in double ' +
      `quotes) with the header \`${EXPORT_COLUMNS.join(',')}\`. \`amount\` is in minor units, \`amountDecimal\` ` +
      'the same with a dot and two decimals; times are ISO 8601 UTC; an unknown value is an empty field (`rail` ' +
      'before routing chose one, `batchId` for a single payout). Written page by page as the reader takes it, so a ' +
      'range of any length (a year or more) streams in constant memory. Payouts created after the request starts ' +
      'are not in the file. A failure after the first bytes ends the connection without the last line break.',
  })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'The CSV file, as an attachment',
    content: { 'text/csv': { schema: { type: 'string' } } },
    headers: {
      'Content-Disposition': {
        description: '`attachment; filename="payouts-<time>.csv"`',
        schema: { type: 'string' },
        required: true,
      },
    },
  })
  @ApiProblems('validation_failed')
  async export(
    @Query() query: PayoutFilterQueryDto,
    @CurrentClient() client: AuthenticatedClient,
    @Res() response: Response,
  ): Promise<void> {
    const chunks = this.exportPayouts.csv(filterOf(query, client));
    // The header and first page are read before the answer starts: a failure there is a problem+json answer.
    const first = await chunks.next();
    const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="payouts-${stamp}.csv"`);
    response.setHeader('Cache-Control', 'no-store');
    await writeChunks(response, first, chunks);
  }

  @Get(':id')
  @Scopes('payouts:read')
  @ApiOperation({
    operationId: 'getPayout',
    summary: 'Get a payout, optionally with its attempts and events',
    description:
      'Your own payout (any with `ops:read`). An id that is not a UUID, or a payout this key cannot see, answers ' +
      '404 like one that does not exist; 400 is only for an `expand` that is not a list of attempts and events.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'the payout id; any other value answers 404' })
  @ApiResponse({ status: 200, type: ExpandedPayoutDto })
  @ApiProblems(
    {
      code: 'validation_failed',
      status: 400,
      description: '`expand` is not a comma-separated list of attempts, events.',
    },
    'not_found',
  )
  get(@Param('id') id: string, @Query() query: GetPayoutQueryDto, @CurrentClient() client: AuthenticatedClient) {
    const expand = (query.expand?.split(',') ?? []) as PayoutExpansion[];
    return this.getPayout.execute(payoutIdOrThrow(id), visibilityOf(client), expand);
  }

  @Post(':id/cancel')
  @Scopes('payouts:write')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelPayout',
    summary: 'Cancel a payout that is still scheduled or pending',
    description:
      "Your own payout: a reason is optional. Another client's payout: needs ops:write and a reason; the event shows " +
      'the actor and the reason, and an audit row is written. With ops:read alone it answers 403; a payout the key ' +
      'cannot see answers 404.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: CancelPayoutDto, required: false })
  @ApiResponse({ status: 200, type: PayoutDto, description: 'Canceled' })
  @ApiProblems('validation_failed', 'not_found', 'invalid_state', 'unsupported_media_type')
  cancel(@Param('id') id: string, @Body() body: CancelPayoutDto, @CurrentClient() client: AuthenticatedClient) {
    return this.cancelPayout.execute(
      payoutIdOrThrow(id),
      { ...visibilityOf(client), actsForAllClients: hasScope(client, 'ops:write') },
      body?.reason,
    );
  }
}
