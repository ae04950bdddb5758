import { Body, Get, Inject, Param, Patch } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { ManageProviders } from '../application';
import { ProviderDto, ProviderListDto, ProviderPatchDto } from './dto/provider.dto';
import { providerPatchOrThrow } from './provider-patch';
import { OTHER_EXAMPLE_PROVIDER } from '@libs/providers';

@ApiKeyController('routing', 'v1/providers')
@Scopes('routing:admin')
export class ProvidersController {
  constructor(@Inject(ManageProviders) private readonly providers: ManageProviders) {}

  @Get()
  @ApiOperation({
    operationId: 'listProviders',
    summary: 'Every provider: settings, capabilities, today’s usage and health (circuit, error rate)',
    description: 'Health is what the workers report through Redis; while it is unreachable the circuits read unknown.',
  })
  @ApiResponse({ status: 200, type: ProviderListDto })
  async list(): Promise<ProviderListDto> {
    return { data: await this.providers.list() };
  }

  @Patch(':name')
  @ApiOperation({
    operationId: 'updateProvider',
    summary: 'Enable, disable, drain or limit a provider (version + 1); audited with the caller and the reason',
    description: 'Applies to the next dispatch of every worker without a restart.',
  })
  @ApiParam({ name: 'name', example: OTHER_EXAMPLE_PROVIDER.name })
  @ApiResponse({ status: 200, type: ProviderDto })
  @ApiProblems('validation_failed', 'unsupported_media_type', 'not_found')
  update(@Param('name') name: string, @Body() body: ProviderPatchDto, @CurrentClient() client: AuthenticatedClient) {
    return this.providers.update(name, providerPatchOrThrow(body), { actorClientId: client.id, reason: body.reason });
  }
}
