import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// Every answer an e2e spec gets from the api is checked against the OpenAPI document the api serves (/docs-json): its
// status must be documented for the operation, its content type too, and its JSON body must validate against the
// schema with ajv in strict mode, objects closed (a field the document does not name is a mismatch). A mismatch
// fails the running test (openapi-responses.setup.ts). Only answers of documented operations are checked: the docs
// and ops pages, metrics and the unadvertised token webhook path are not in the document.

type Json = Record<string, unknown>;
interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  responses: Record<string, Json>;
}
interface ServedDocument {
  operations: Operation[];
  ajv: Ajv2020;
  validators: Map<string, ValidateFunction>;
}

const watched = new Set<string>();
const documents = new Map<string, Promise<ServedDocument>>();
const mismatches: string[] = [];
let checked = 0;
const unfetched = globalThis.fetch;

/** Check every answer from this base URL (an api started by the test support). */
export function watchApi(baseUrl: string): void {
  watched.add(baseUrl.replace(/\/$/, ''));
}

/** The mismatches seen since the last call, cleared. */
export function takeResponseMismatches(): string[] {
  return mismatches.splice(0, mismatches.length);
}

export const checkedResponseCount = (): number => checked;

const REF_PREFIX = '#/components/schemas/';
const DOCUMENT_ID = 'openapi:served';

/** `#/components/schemas/X` as a reference into one ajv schema holding every component under $defs. */
function rebased(value: unknown, close: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => rebased(item, close));
  if (typeof value !== 'object' || value === null) return value;
  const result: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith(REF_PREFIX)) {
      result.$ref = `${DOCUMENT_ID}#/$defs/${item.slice(REF_PREFIX.length)}`;
    } else if (key === 'properties' && typeof item === 'object' && item !== null) {
      // Property names are not schemas: rebase their values only.
      result.properties = Object.fromEntries(
        Object.entries(item).map(([name, schema]) => [name, rebased(schema, close)]),
      );
    } else result[key] = rebased(item, close);
  }
  // Only object schemas: an `if` that tests one property must not be closed.
  const isObjectSchema = result.type === 'object' || (Array.isArray(result.type) && result.type.includes('object'));
  if (close && isObjectSchema && result.properties !== undefined && result.additionalProperties === undefined) {
    result.additionalProperties = false;
  }
  return result;
}

async function load(baseUrl: string): Promise<ServedDocument> {
  const response = await unfetched(`${baseUrl}/docs-json`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/docs-json answered ${response.status}`);
  const document = (await response.json()) as Json;
  // Strict, except that a `required` may name a property its parent schema defines (the payout's if/then/else).
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  // OAS 3.1 schema keywords JSON Schema does not define.
  ajv.addVocabulary(['example', 'xml', 'externalDocs', 'discriminator']);
  const schemas = ((document.components as Json).schemas ?? {}) as Json;
  // Component schemas are closed (a field the document does not name is a mismatch); inline parts of a response
  // schema (the allOf that narrows a problem's code) only add constraints.
  ajv.addSchema({ $id: DOCUMENT_ID, $defs: rebased(schemas, true) });
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as Json)) {
    for (const [method, operation] of Object.entries(item as Json)) {
      const source = `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`;
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(source),
        params: (template.match(/\{/g) ?? []).length,
        responses: (operation as Json).responses as Record<string, Json>,
      });
    }
  }
  // A literal path wins over a template that also matches it.
  operations.sort((a, b) => a.params - b.params);
  return { operations, ajv, validators: new Map() };
}

function requestOf(input: Parameters<typeof fetch>[0], init?: RequestInit): { method: string; url: URL } {
  if (input instanceof Request) return { method: input.method.toUpperCase(), url: new URL(input.url) };
  return { method: (init?.method ?? 'GET').toUpperCase(), url: new URL(String(input)) };
}

export async function checkResponse(method: string, url: URL, response: Response): Promise<void> {
  const baseUrl = url.origin;
  if (!watched.has(baseUrl)) return;
  let loading = documents.get(baseUrl);
  if (!loading) {
    loading = load(baseUrl);
    documents.set(baseUrl, loading);
  }
  const served = await loading;
  const operation = served.operations.find((item) => item.method === method && item.pattern.test(url.pathname));
  if (!operation) return;
  checked += 1;
  const where = `${method} ${url.pathname}${url.search} -> ${response.status} (${operation.template})`;
  const documented = operation.responses[String(response.status)] ?? operation.responses.default;
  if (!documented) {
    mismatches.push(`${where}: status ${response.status} is not documented`);
    return;
  }
  const content = documented.content as Record<string, Json> | undefined;
  const text = await response.clone().text();
  if (!content) {
    if (text !== '') mismatches.push(`${where}: the document gives this answer no body, it has one`);
    return;
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim();
  const media = content[contentType];
  if (!media) {
    mismatches.push(`${where}: content type ${contentType || '(none)'} is not documented (${Object.keys(content)})`);
    return;
  }
  if (media.schema === undefined) return;
  const key = `${method} ${operation.template} ${response.status} ${contentType}`;
  let validate = served.validators.get(key);
  if (!validate) {
    validate = served.ajv.compile(rebased(media.schema, false) as Json);
    served.validators.set(key, validate);
  }
  let body: unknown = text;
  // A text answer (a CSV export) is validated as the string it is; a JSON one as what it parses to.
  if (/[/+]json$/.test(contentType)) {
    try {
      body = JSON.parse(text);
    } catch {
      mismatches.push(`${where}: the body is not JSON`);
      return;
    }
  }
  if (!validate(body)) {
    const errors = (validate.errors ?? []).map(
      (error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
    mismatches.push(`${where}: ${errors.join('; ')} in ${text.slice(0, 600)}`);
  }
}

/** Wraps the global fetch (before nock loads, so nock's pass-through reaches this wrapper). */
export function installResponseValidation(): void {
  globalThis.fetch = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const response = await unfetched(input, init);
    let method: string;
    let url: URL;
    try {
      ({ method, url } = requestOf(input, init));
    } catch {
      return response; // not an absolute URL: not an answer of a watched api
    }
    try {
      await checkResponse(method, url, response);
    } catch (error) {
      mismatches.push(`${method} ${url.pathname}: the check itself failed: ${(error as Error).message}`);
    }
    return response;
  };
}
