import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { TERMINAL_STATUSES } from '@libs/payouts/domain';
import { ProviderRegistry } from '@libs/providers';
import { finishDocument } from './openapi-finish';

export const API_TAGS: Record<string, string> = {
  payouts: 'Create, read, list and cancel payouts. Every write is idempotent per `Idempotency-Key`.',
  events: "The caller's applied payout status changes in commit order: a catch-up feed for missed notifications.",
  notifications: 'The signed callbacks sent to your `callbackUrl`, their attempts, and redelivery.',
  routing: 'Routing rules, a dry run of the routing decision, and provider settings (`routing:admin`).',
  ops: 'For people on call: stuck payouts, counts, a fresh provider lookup, manual resolution, queue jobs.',
  'provider webhooks': 'Status events from providers; public, authenticated by the provider’s signature or path token.',
  health: 'Liveness and readiness probes; public.',
};

/** The document of this app: generated from the controllers and DTOs, then finished (openapi-finish.ts). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Payout orchestration service')
    .setDescription(
      'Sends money to bank accounts (IBAN) through the enabled providers, exactly once or clearly not at all. ' +
        'Errors are RFC 9457 `application/problem+json` with a stable `code`. Every response carries `x-request-id` ' +
        '(yours when you send a sane one).',
    )
    .setVersion('1')
    .setOpenAPIVersion('3.1.0');
  for (const [name, description] of Object.entries(API_TAGS)) builder.addTag(name, description);
  const generated = SwaggerModule.createDocument(app, builder.build());
  const providers = app.get(ProviderRegistry, { strict: false }).names();
  return withPayoutViewRule(finishDocument(generated, { providers }));
}

/**
 * api.md: "while the payout is not terminal it also shows nextCheckAt and needsAttention". Said in the schema (JSON
 * Schema if/then/else), so the e2e response validation holds every payout the API answers to it.
 */
function withPayoutViewRule(document: OpenAPIObject): OpenAPIObject {
  const rule = {
    if: { required: ['status'], properties: { status: { enum: [...TERMINAL_STATUSES] } } },
    then: { properties: { nextCheckAt: false, needsAttention: false } },
    else: { required: ['nextCheckAt', 'needsAttention'] },
  };
  const schemas = document.components?.schemas ?? {};
  for (const name of ['PayoutDto', 'ExpandedPayoutDto']) Object.assign(schemas[name], rule);
  return document;
}

/** `/docs` for people, `/docs-json` for tools (the TypeScript client in clients/typescript is generated from it). */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
