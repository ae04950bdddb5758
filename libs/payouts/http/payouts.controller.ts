import { Body, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
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
  GetPayout,
  ListPayouts,
  type PayoutExpansion,
  type PayoutVisibility,
} from '../application';
import { CancelPayoutDto } from './dto/cancel-payout.dto';
import { CreatePayoutDto } from './dto/create-payout.dto';
import { ExpandedPayoutDto, PayoutDto, PayoutPageDto } from './dto/payout.dto';
import { GetPayoutQueryDto, ListPayoutsQueryDto } from './dto/payout-queries.dto';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_LENGTH, IdempotencyKey } from './idempotency-key.decorator';
import { payoutIdOrThrow } from './payout-id';
import { replayRequestHashes } from './replay-body';

const visibilityOf = (client: AuthenticatedClient): PayoutVisibility => ({
  clientId: client.id,
  seesAllClients: hasScope(client, 'ops:read'),
  seesAwaitingApproval: hasScope(client, 'payouts:approve'),
});

@ApiKeyController('payouts', 'v1/payouts')
export class PayoutsController {
  constructor(
    @Inject(CreatePayout) private readonly createPayout: CreatePayout,
    @Inject(GetPayout) private readonly getPayout: GetPayout,
    @Inject(ListPayouts) private readonly listPayouts: ListPayouts,
    @Inject(CancelPayout) private readonly cancelPayout: CancelPayout,
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
    return this.listPayouts.execute({
      visibility: visibilityOf(client),
      status: query.status,
      provider: query.provider,
      reference: query.reference,
      createdFrom: query.createdFrom === undefined ? undefined : new Date(query.createdFrom),
      createdTo: query.createdTo === undefined ? undefined : new Date(query.createdTo),
      limit: query.limit,
      cursor: query.cursor,
    });
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
