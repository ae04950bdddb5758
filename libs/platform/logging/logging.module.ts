import { DynamicModule, Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { requestLogMiddleware } from './request-log.middleware';

const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Nest's Logger writes through nestjs-pino to the root logger. The request id and the request log are our own
 * middleware (requestLogMiddleware) rather than pino-http's, whose child loggers, serializers and listeners on every
 * request cost more than they gave to a service that logs only failed requests.
 */
@Module({})
export class LoggingModule implements NestModule {
  static forRoot(rootLogger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      // nestjs-pino's own middleware (pino-http) on no route: only its Logger service is used.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: rootLogger }, forRoutes: [] })],
      providers: [{ provide: ROOT_LOGGER, useValue: rootLogger }],
    };
  }

  constructor(@Inject(ROOT_LOGGER) private readonly rootLogger: Logger) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestLogMiddleware(this.rootLogger)).forRoutes('*path');
  }
}
