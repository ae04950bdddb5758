import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
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
  ready() {
    return this.health.check([
      () => this.indicators.database(),
      () => this.indicators.redisPing(),
      () => this.indicators.migrations(),
    ]);
  }
}
