import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { createValidationPipe, ProblemFilter } from '@libs/platform/http';
import { mountOpenApi } from './openapi';

/** Everything main.ts does to the app between create and listen; the in-process e2e tests call it too. */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', { limit: '256kb' });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  mountOpenApi(app);
}
