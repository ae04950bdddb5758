import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiExcludeEndpoint, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems, Public } from '@libs/clients';
import { ProblemError } from '@libs/platform/http';
import type { RawRequest } from '@libs/providers/contract';
import { IngestWebhook, type IngestResult } from '../application/ingest-webhook';

function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** The exact bytes, as WebhookRawBodyMiddleware read them (the app's JSON parser skips these routes). */
const rawBodyOf = (request: Request): Buffer => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

const NOT_FOUND = 'no webhook endpoint here';

function answer(result: IngestResult, hasPathToken: boolean): { received: true } {
  switch (result.kind) {
    case 'stored':
    case 'duplicate':
      return { received: true };
    case 'unknown_provider':
      throw new ProblemError('not_found', NOT_FOUND);
    case 'provider_disabled':
      // Answered as a wrong credential would be on the same route: a signed route says 401, a token path does not exist.
      if (hasPathToken) throw new ProblemError('not_found', NOT_FOUND);
      throw new ProblemError('unauthorized', 'the webhook signature is missing, invalid or outside its time tolerance');
    case 'refused':
      // A wrong path token or address learns nothing: the endpoint simply does not exist for it.
      if (result.reason === 'bad_token' || result.reason === 'ip_not_allowed')
        throw new ProblemError('not_found', NOT_FOUND);
      throw new ProblemError('unauthorized', 'the webhook signature is missing, invalid or outside its time tolerance');
    case 'not_json':
      throw new ProblemError('validation_failed', 'the webhook body is not JSON');
    case 'too_large':
      throw new ProblemError('payload_too_large', `the webhook body is larger than ${result.maxBytes} bytes`);
  }
}

/**
 * Provider webhooks: `POST /v1/webhooks/{provider}` (signed) and `POST /v1/webhooks/{provider}/{token}` (path token). No
 * API key; each provider's adapter authenticates its own. The raw request is stored and answered at once; the worker
 * applies it. Logs and metrics show the token route as `/v1/webhooks/:provider/:token`, never the token.
 */
@ApiTags('provider webhooks')
@Public()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(@Inject(IngestWebhook) private readonly ingest: IngestWebhook) {}

  @Post(':provider')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'receiveProviderWebhook',
    summary: 'A provider webhook authenticated by signature (its adapter verifies the signature over the raw body)',
    description: 'The raw body is stored first (deduplicated) and answered at once; the worker processes it.',
  })
  @ApiParam({ name: 'provider' })
  @ApiBody({
    required: true,
    description: 'The provider’s event exactly as it sent it: stored raw and verified over its bytes, parsed later',
    schema: { type: 'object', additionalProperties: true, example: { event: 'withdrawal.completed', id: 'evt_1' } },
  })
  @ApiResponse({
    status: 200,
    description: 'Stored (or already stored: a duplicate changes nothing)',
    schema: {
      type: 'object',
      required: ['received'],
      properties: { received: { type: 'boolean', enum: [true] } },
      example: { received: true },
    },
  })
  @ApiProblems('validation_failed', 'unauthorized', 'not_found', 'payload_too_large', 'rate_limited', 'internal')
  receive(@Param('provider') provider: string, @Req() request: Request): Promise<{ received: true }> {
    return this.handle(provider, undefined, request);
  }

  @Post(':provider/:token')
  @HttpCode(200)
  // The path holds a secret: it is not advertised in the API document.
  @ApiExcludeEndpoint()
  receiveWithToken(
    @Param('provider') provider: string,
    @Param('token') token: string,
    @Req() request: Request,
  ): Promise<{ received: true }> {
    return this.handle(provider, token, request);
  }

  private async handle(provider: string, token: string | undefined, request: Request): Promise<{ received: true }> {
    const raw: RawRequest = {
      headers: headersOf(request),
      rawBody: rawBodyOf(request),
      ...(token !== undefined ? { pathToken: token } : {}),
      ...(request.ip !== undefined ? { remoteAddress: request.ip } : {}),
      receivedAt: new Date(),
    };
    return answer(await this.ingest.execute(provider, raw), token !== undefined);
  }
}
