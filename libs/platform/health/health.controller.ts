import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
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
  @ApiOkResponse({ description: 'The process is up.', schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Database, Redis and the schema are ready.' })
  @ApiServiceUnavailableResponse({ description: 'One of them is not; the body says which.' })
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
