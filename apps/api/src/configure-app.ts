import { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import { Logger } from 'nestjs-pino';
import { BATCH_INTAKE_PATH } from '@libs/batches';
import { ConfigService, platformConfig } from '@libs/platform/config';
import { createValidationPipe, ProblemFilter, requireJsonBodies } from '@libs/platform/http';
import { withFrameworkBootAtDebug } from '@libs/platform/logging';
import { mountOpenApi } from './openapi';

const WEBHOOK_PATHS = '/v1/webhooks/';
const OPS_PATHS = '/ops/';
/** Paths that read bodies other than JSON: raw provider webhooks, and the ops page's HTML forms. */
const NON_JSON_BODY_PATHS = [WEBHOOK_PATHS, OPS_PATHS];
/** Paths that read their own body as it streams in (JSON or CSV, within BATCH_MAX_BYTES): the batch intake. */
const OWN_BODY_PATHS = [BATCH_INTAKE_PATH];
const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0];

/** Everything main.ts does to the app between create and listen; the in-process e2e tests call it too. */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(withFrameworkBootAtDebug(app.get(Logger)));
  // Before the body parsers (Nest registers them at init), so an unparsed body never reaches validation.
  app.use(requireJsonBodies(NON_JSON_BODY_PATHS, OWN_BODY_PATHS));
  // Not on webhook routes: their bytes are read by the webhooks module (within WEBHOOK_MAX_BODY_BYTES) and parsed once,
  // losslessly, by the ingest; a JSON.parse here would be a second parse nobody reads.
  app.useBodyParser('json', {
    limit: '256kb',
    type: (request: Request) =>
      !request.url.startsWith(WEBHOOK_PATHS) &&
      !OWN_BODY_PATHS.includes(pathOf(request.url)) &&
      Boolean(request.is('application/json')),
  });
  // HTML forms post only to the ops pages; elsewhere a form body is refused (415) or read raw (webhooks) before this
  // parser, so it need not look at every request's Content-Type.
  app.useBodyParser('urlencoded', {
    extended: true,
    type: (request: Request) =>
      request.url.startsWith(OPS_PATHS) && Boolean(request.is('application/x-www-form-urlencoded')),
  });
  app.useGlobalFilters(new ProblemFilter());
  app.useGlobalPipes(createValidationPipe());
  app.disable('x-powered-by');
  // No weak ETag per response: hashing every body costs CPU on each request, and no client sends If-None-Match
  // (api.md defines no conditional requests).
  app.set('etag', false);
  // req.ip, req.secure and req.protocol read X-Forwarded-* only from these proxies (a provider's webhook allowlist, rate
  // limits and the ops cookie's Secure flag depend on it); anyone else's headers are ignored.
  const { trustProxy } = app.get(ConfigService).get(platformConfig);
  app.set('trust proxy', typeof trustProxy === 'number' ? trustProxy : [...trustProxy]);
  mountOpenApi(app);
}
