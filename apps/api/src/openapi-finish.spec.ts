import type { OpenAPIObject } from '@nestjs/swagger';
import { finishDocument } from './openapi-finish';

const generated = (): OpenAPIObject =>
  ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/v1/things/{id}': {
        get: {
          operationId: 'getThing',
          'x-required-scopes': ['payouts:read'],
          parameters: [{ name: 'provider', in: 'query', schema: { type: 'string' } }],
          responses: {
            '200': {
              description: 'ok',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
            },
          },
        },
      },
      '/health/live': { get: { operationId: 'getLiveness', responses: { '200': { description: 'up' } } } },
    },
    components: {
      schemas: {
        Owner: { type: 'object', required: ['id'], properties: { id: { type: 'string', example: 'o1' } } },
        Thing: {
          type: 'object',
          required: ['owner', 'note', 'createdAt', 'provider'],
          properties: {
            owner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Owner' }] },
            note: { type: 'string', nullable: true },
            level: { type: 'string', enum: ['a', 'b'], nullable: true },
            createdAt: { type: 'string' },
            provider: { type: 'string' },
          },
        },
      },
    },
  }) as unknown as OpenAPIObject;

describe('finishDocument', () => {
  const document = finishDocument(generated(), { providers: ['alpha', 'beta'] }) as unknown as {
    openapi: string;
    servers: unknown[];
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, { properties: Record<string, unknown> }>; securitySchemes: unknown };
  };
  const thing = document.components.schemas.Thing.properties;
  const getThing = document.paths['/v1/things/{id}'].get;

  it('writes OAS 3.1 nulls: a null type beside a scalar or enum, oneOf [$ref, null] for an object', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(thing.owner).toEqual({ oneOf: [{ $ref: '#/components/schemas/Owner' }, { type: 'null' }] });
    expect(thing.note).toEqual({ type: ['string', 'null'] });
    expect(thing.level).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(JSON.stringify(document)).not.toContain('nullable');
  });

  it('marks …At strings as date-time and gives provider fields the registered names', () => {
    expect(thing.createdAt).toEqual({ type: 'string', format: 'date-time' });
    expect(thing.provider).toEqual({ type: 'string', enum: ['alpha', 'beta'], example: 'alpha' });
    expect(getThing.parameters).toEqual([
      { name: 'provider', in: 'query', schema: { type: 'string', enum: ['alpha', 'beta'] }, example: 'alpha' },
    ]);
  });

  it('turns scopes into the operation’s security, and makes a route without scopes public', () => {
    expect(getThing.security).toEqual([{ apiKey: ['payouts:read'] }]);
    expect(getThing.description).toContain('`payouts:read`');
    expect(document.paths['/health/live'].get.security).toEqual([]);
    expect(document.components.securitySchemes).toEqual({
      apiKey: expect.not.objectContaining({ bearerFormat: expect.anything() }),
    });
    expect(document.servers).toHaveLength(1);
  });

  it('documents the request id on every answer and the budget headers where requests are counted', () => {
    const answer = (getThing.responses as Record<string, { headers: Record<string, unknown> }>)['200'];
    expect(Object.keys(answer.headers)).toEqual([
      'X-Request-Id',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
    ]);
    const live = document.paths['/health/live'].get.responses as Record<string, { headers: Record<string, unknown> }>;
    expect(Object.keys(live['200'].headers)).toEqual(['X-Request-Id']);
  });

  it('gives every JSON success answer an example assembled from its schema', () => {
    const content = (getThing.responses as Record<string, { content: Record<string, { example: unknown }> }>)['200']
      .content['application/json'];
    expect(content.example).toEqual({
      owner: { id: 'o1' },
      note: null,
      level: 'a',
      createdAt: '2026-05-26T10:00:00.000Z',
      provider: 'alpha',
    });
  });
});
