import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { raw, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ConfigService } from '@libs/platform/config';
import { webhooksConfig } from '../webhooks.config';

/**
 * JSON bodies are read (and kept as raw bytes) by the app's JSON parser. A webhook sent with another content type
 * is read here as raw bytes, within the webhook size limit (413 beyond), so the controller can still answer 400
 * "not JSON" or accept a JSON body that was labelled `text/plain`.
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
