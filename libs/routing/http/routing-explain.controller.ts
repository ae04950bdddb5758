import { Body, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { ExplainPayoutRouting, type ProviderCatalog } from '../application';
import { PROVIDER_CATALOG } from '../routing.module';
import { RoutingExplanationDto, ExplainRoutingDto } from './dto/routing-explain.dto';
import { routingRequestOrThrow } from './explain-body';

@ApiKeyController('routing', 'v1/routing/explain')
@Scopes('routing:admin')
export class RoutingExplainController {
  constructor(
    @Inject(ExplainPayoutRouting) private readonly explain: ExplainPayoutRouting,
    @Inject(PROVIDER_CATALOG) private readonly catalog: ProviderCatalog,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'explainRouting',
    summary: 'Which provider a payout would get now, which rule decides, and why each provider is or is not eligible',
    description:
      'Reads the current rules, provider settings, daily usage and circuit states (open when any live worker holds it ' +
      'open). Changes nothing.',
  })
  @ApiResponse({ status: 200, type: RoutingExplanationDto })
  @ApiProblems('validation_failed', 'unsupported_media_type')
  run(@Body() body: ExplainRoutingDto, @CurrentClient() client: AuthenticatedClient) {
    const known = this.catalog.list().map((provider) => provider.name);
    return this.explain.execute(routingRequestOrThrow(body, client.id, known));
  }
}
