import { Body, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { ApiKeyController, ApiProblems, CurrentClient, Scopes, type AuthenticatedClient } from '@libs/clients';
import { ManageRoutingRules, RoutingError } from '../application';
import { RoutingRuleBodyDto, RoutingRuleDto, RoutingRuleListDto } from './dto/routing-rule.dto';
import { ruleDraftOrThrow } from './rule-body';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Anything that is not a UUID names no rule: 404, never a database error. */
function ruleIdOrThrow(id: string): string {
  if (!UUID.test(id)) throw new RoutingError('not_found', `routing rule ${id.slice(0, 64)} does not exist`);
  return id.toLowerCase();
}

@ApiKeyController('routing', 'v1/routing/rules')
@Scopes('routing:admin')
export class RoutingRulesController {
  constructor(@Inject(ManageRoutingRules) private readonly rules: ManageRoutingRules) {}

  @Get()
  @ApiOperation({
    operationId: 'listRoutingRules',
    summary: 'List the routing rules in evaluation order (lower priority first)',
    description: 'Deleted rules are left out. The first enabled rule that matches a payout decides its provider.',
  })
  @ApiResponse({ status: 200, type: RoutingRuleListDto })
  async list(): Promise<RoutingRuleListDto> {
    return { data: await this.rules.list() };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createRoutingRule',
    summary: 'Create a rule (version 1); audited with the caller and the reason',
    description: 'Applies to the next dispatch of every worker; nothing is cached.',
  })
  @ApiResponse({ status: 201, type: RoutingRuleDto })
  @ApiProblems('validation_failed', 'unsupported_media_type')
  create(@Body() body: RoutingRuleBodyDto, @CurrentClient() client: AuthenticatedClient) {
    return this.rules.create(ruleDraftOrThrow(body), { actorClientId: client.id, reason: body.reason });
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getRoutingRule',
    summary: 'Get a rule, deleted ones included (a payout’s routing.ruleId always resolves)',
    description: 'An id that is not a UUID answers 404 like one that does not exist.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: RoutingRuleDto })
  @ApiProblems('not_found')
  get(@Param('id') id: string) {
    return this.rules.get(ruleIdOrThrow(id));
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'replaceRoutingRule',
    summary: 'Replace a rule (version + 1); audited with the caller and the reason',
    description: 'The whole rule is sent, as on create; it applies to the next dispatch of every worker.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: RoutingRuleDto })
  @ApiProblems('validation_failed', 'unsupported_media_type', 'not_found')
  replace(@Param('id') id: string, @Body() body: RoutingRuleBodyDto, @CurrentClient() client: AuthenticatedClient) {
    return this.rules.replace(ruleIdOrThrow(id), ruleDraftOrThrow(body), {
      actorClientId: client.id,
      reason: body.reason,
    });
  }

  @Delete(':id')
  @ApiOperation({
    operationId: 'deleteRoutingRule',
    summary: 'Delete a rule (soft: version + 1, deletedAt set, still readable); audited',
    description: 'The reason is a query parameter (a DELETE has no body); payouts it routed keep pointing at it.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'reason', required: true, example: 'replaced by the bank-code rule' })
  @ApiResponse({ status: 200, type: RoutingRuleDto, description: 'the rule as deleted' })
  @ApiProblems('validation_failed', 'not_found')
  remove(@Param('id') id: string, @Query('reason') reason: unknown, @CurrentClient() client: AuthenticatedClient) {
    return this.rules.remove(ruleIdOrThrow(id), { actorClientId: client.id, reason: reason as string });
  }
}
