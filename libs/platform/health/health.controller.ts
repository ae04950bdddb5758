import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { ReadinessIndicators } from './readiness.indicators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: ReadinessIndicators,
  ) {}

  @Get('live')
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process is up',
    description: 'Answers while the process runs; checks no dependency.',
  })
  @ApiOkResponse({
    description: 'The process is up.',
    schema: {
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['ok'] } },
      example: { status: 'ok' },
    },
  })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: database, Redis and migrations',
    description: 'Names a failing dependency, never its driver error text.',
  })
  @ApiOkResponse({
    description: 'Database, Redis and the schema are ready.',
  })
  @ApiServiceUnavailableResponse({
    description: 'One of them is not; the body says which (never a driver error text).',
  })
  async ready(@Res({ passthrough: true }) response: Response) {
    try {
      return await this.health.check([
        () => this.indicators.database(),
        () => this.indicators.redisPing(),
        () => this.indicators.migrations(),
      ]);
    } catch (error) {
      // Terminus reports "not ready" as a 503 exception; its body names the failing dependency, which the api's
      // problem filter would replace with a bare "Service Unavailable". Answer it as it is.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse();
    }
  }
}
