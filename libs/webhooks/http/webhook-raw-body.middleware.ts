import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ConfigService } from '@libs/platform/config';
import { webhooksConfig } from '../webhooks.config';

/**
 * Webhook bodies are read here as raw bytes, whatever their content type (the app's JSON parser skips these routes),
 * within the webhook size limit (413 beyond): the ingest parses them once, losslessly, answers 400 "not JSON", and
 * accepts a JSON body that was labelled `text/plain`.
 */
@Injectable()
export class WebhookRawBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(ConfigService) config: ConfigService) {
    this.parse = raw({ type: () => true, limit: config.get(webhooksConfig).maxBodyBytes });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    void this.parse(request, response, next);
  }
}
