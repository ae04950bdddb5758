import type { OpenAPIObject } from '@nestjs/swagger';

// @nestjs/swagger writes what the decorators say in OAS 3.0 terms. These are the rules it cannot express, applied to
// the whole generated document so no route can forget one; the document test (test/e2e/openapi-document.spec.ts)
// lints the result and validates every e2e response against it.

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const API_KEY_SCHEME = 'apiKey';
const REQUIRED_SCOPES = 'x-required-scopes';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Headers every answer may carry, written once under components.headers. */
const COMMON_HEADERS: Record<string, Json> = {
  'X-Request-Id': {
    description: 'The request id: yours when you sent a sane `x-request-id`, else a new one. Quote it in support.',
    schema: { type: 'string' },
  },
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute to this caller (per API key; per address on public routes).',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current minute.',
    schema: { type: 'integer', minimum: 0 },
  },
  'X-RateLimit-Reset': {
    description: 'Seconds until the current minute’s budget is full again.',
    schema: { type: 'integer', minimum: 0 },
  },
};
/** Health probes are not counted against a budget (PublicThrottlerGuard), so they carry no rate-limit headers. */
const UNCOUNTED_PATHS = /^\/health\//;

export interface DocumentFacts {
  /** The registered provider names: the values a `provider` field can take. */
  providers: readonly string[];
}

export function finishDocument(generated: OpenAPIObject, facts: DocumentFacts): OpenAPIObject {
  const document = structuredClone(generated) as unknown as Json;
  document.openapi = '3.1.0';
  document.info = {
    ...(document.info as Json),
    license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
  };
  // Relative: the document is served by the service it describes, so it resolves against where it was fetched.
  document.servers = [{ url: '/', description: 'the service that serves this document' }];
  const components = document.components as Json;
  components.securitySchemes = {
    [API_KEY_SCHEME]: {
      type: 'http',
      scheme: 'bearer',
      description:
        'An opaque API key (`pk_…`) of a client, printed once by `npm run cli -- clients:create`. The scopes each ' +
        'operation needs are listed in its `security` entry and in `x-required-scopes`.',
    },
  };
  components.headers = { ...(components.headers as Json | undefined), ...COMMON_HEADERS };

  const schemaRoots: Json[] = Object.values((components.schemas as Json) ?? {}).filter(isObject);
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method];
      if (!isObject(operation)) continue;
      finishOperation(path, operation);
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        if (isObject(parameter.schema)) schemaRoots.push(parameter.schema);
        if (parameter.name === 'provider' && isObject(parameter.schema)) {
          parameter.schema.enum = [...facts.providers];
          parameter.example ??= facts.providers[0];
        }
      }
      for (const media of mediaTypesOf(operation)) if (isObject(media.schema)) schemaRoots.push(media.schema);
    }
  }
  for (const root of schemaRoots) finishSchema(root, facts);

  const schemas = components.schemas as Json;
  for (const item of Object.values(document.paths as Json)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method];
      if (isObject(operation)) addExamples(operation, schemas);
    }
  }
  return document as unknown as OpenAPIObject;
}

function finishOperation(path: string, operation: Json): void {
  const scopes = operation[REQUIRED_SCOPES] as string[] | undefined;
  // A route with no scopes is public (the API-key guard lets only @Public() and health routes through without them).
  operation.security = scopes ? [{ [API_KEY_SCHEME]: scopes }] : [];
  const access = scopes
    ? `Needs an API key with the scope${scopes.length > 1 ? 's' : ''} ${scopes.map((scope) => `\`${scope}\``).join(', ')}.`
    : 'Public: no API key.';
  operation.description = [operation.description, access].filter(Boolean).join('\n\n');

  const responses = operation.responses as Record<string, Json>;
  for (const [status, response] of Object.entries(responses)) {
    const headers: Json = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
    // Counted routes carry the budget headers, except 401: the per-client budget is counted after authentication.
    if (!UNCOUNTED_PATHS.test(path) && status !== '401') {
      for (const name of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']) {
        headers[name] = { $ref: `#/components/headers/${name}` };
      }
    }
    response.headers = { ...headers, ...(response.headers as Json | undefined) };
  }
}

function* mediaTypesOf(operation: Json): Generator<Json> {
  const body = operation.requestBody;
  if (isObject(body) && isObject(body.content)) yield* Object.values(body.content).filter(isObject);
  for (const response of Object.values(operation.responses as Json)) {
    if (isObject(response) && isObject(response.content)) yield* Object.values(response.content).filter(isObject);
  }
}

/**
 * OAS 3.1 (JSON Schema 2020-12) for what @nestjs/swagger writes in 3.0 terms: `nullable: true` becomes a `null` type
 * (or `oneOf [$ref, null]` for an object), string fields named `…At` are `date-time`, a `provider` is one of the
 * registered providers, with the first of them as its example (DTOs name no provider). Walks nested schemas.
 */
function finishSchema(schema: Json, facts: DocumentFacts): void {
  for (const [name, property] of Object.entries((schema.properties as Json | undefined) ?? {})) {
    if (!isObject(property)) continue;
    if (/At$/.test(name) && typeOf(property) === 'string' && property.format === undefined) {
      property.format = 'date-time';
    }
    if (name === 'provider' && typeOf(property) === 'string' && property.enum === undefined) {
      property.enum = [...facts.providers];
      property.example ??= facts.providers[0];
    }
  }
  for (const key of ['items', 'additionalProperties', 'not'])
    if (isObject(schema[key])) finishSchema(schema[key], facts);
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const member of (schema[key] as unknown[] | undefined) ?? [])
      if (isObject(member)) finishSchema(member, facts);
  }
  for (const property of Object.values((schema.properties as Json | undefined) ?? {})) {
    if (isObject(property)) finishSchema(property, facts);
  }
  if (schema['x-any-json'] === true) {
    delete schema['x-any-json'];
    delete schema.type;
    delete schema.items;
  }
  if (schema.nullable === true) makeNullable(schema);
  delete schema.nullable;
}

const typeOf = (schema: Json): unknown => (Array.isArray(schema.type) ? schema.type[0] : schema.type);

function makeNullable(schema: Json): void {
  const reference = typeof schema.$ref === 'string' ? schema.$ref : singleAllOfRef(schema);
  if (reference !== undefined) {
    delete schema.$ref;
    delete schema.allOf;
    delete schema.type;
    schema.oneOf = [{ $ref: reference }, { type: 'null' }];
    return;
  }
  if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
}

function singleAllOfRef(schema: Json): string | undefined {
  const members = schema.allOf;
  if (!Array.isArray(members) || members.length !== 1 || !isObject(members[0])) return undefined;
  return typeof members[0].$ref === 'string' ? members[0].$ref : undefined;
}

/**
 * Every JSON request body and every JSON success answer gets an operation-level example, assembled from the property
 * examples of its schema (so it is as real as they are; the document test validates each against its schema).
 */
function addExamples(operation: Json, schemas: Json): void {
  const body = operation.requestBody;
  const targets: Json[] = [];
  if (isObject(body) && isObject(body.content)) targets.push(...Object.values(body.content).filter(isObject));
  for (const [status, response] of Object.entries(operation.responses as Json)) {
    if (!status.startsWith('2') || !isObject(response) || !isObject(response.content)) continue;
    targets.push(...Object.values(response.content).filter(isObject));
  }
  for (const media of targets) {
    if (media.example !== undefined || media.examples !== undefined || !isObject(media.schema)) continue;
    const example = exampleOf(media.schema, schemas, 0);
    if (example !== undefined) media.example = example;
  }
}

const FORMAT_EXAMPLES: Record<string, unknown> = {
  'date-time': '2026-05-26T10:00:00.000Z',
  uuid: '0193a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
  uri: 'https://payouts.internal/problems/validation-failed',
};

function exampleOf(schema: Json, schemas: Json, depth: number): unknown {
  if (depth > 24) return undefined;
  // An object is assembled from its properties' examples: its own example may show only some of them.
  if (schema.example !== undefined && !isObject(schema.properties)) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (typeof schema.$ref === 'string') {
    const target = schemas[schema.$ref.replace('#/components/schemas/', '')];
    return isObject(target) ? exampleOf(target, schemas, depth + 1) : undefined;
  }
  for (const key of ['oneOf', 'anyOf']) {
    const members = (schema[key] as Json[] | undefined)?.filter((member) => member.type !== 'null');
    if (members && members.length > 0) return exampleOf(members[0], schemas, depth + 1);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((member) => exampleOf(member as Json, schemas, depth + 1));
    return Object.assign({}, ...parts.filter(isObject));
  }
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const nullable = Array.isArray(schema.type) && schema.type.includes('null');
  switch (typeOf(schema)) {
    case 'object': {
      const result: Json = {};
      for (const [name, property] of Object.entries((schema.properties as Json | undefined) ?? {})) {
        const value = exampleOf(property as Json, schemas, depth + 1);
        if (value !== undefined) result[name] = value;
      }
      return result;
    }
    case 'array': {
      const item = isObject(schema.items) ? exampleOf(schema.items, schemas, depth + 1) : undefined;
      return item === undefined ? [] : [item];
    }
    case 'string':
      if (typeof schema.format === 'string' && schema.format in FORMAT_EXAMPLES) return FORMAT_EXAMPLES[schema.format];
      return nullable ? null : 'text';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return undefined;
  }
}
