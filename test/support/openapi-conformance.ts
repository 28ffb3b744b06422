/**
 * Checks real answers of the server against its own OpenAPI document: the status must be one the
 * operation documents, the Content-Type one of that response's media types, and a JSON body must
 * validate against the declared schema (ajv). Every checked answer is recorded, so a suite can
 * tell which operations it never exercised.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';
import type { TestServer } from './test-server.js';

type Schema = Record<string, unknown>;

interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  literalSegments: number;
  responses: OpenAPIV3.ResponsesObject;
}

export interface CheckedAnswer {
  operationId: string;
  status: number;
  contentType: string;
  /** The parsed JSON body, the text of a text body, or undefined. */
  body: unknown;
  headers: Headers;
}

export interface CallOptions {
  cookie?: string;
  /** Sent as application/json. */
  json?: unknown;
  /** Sent as it is (FormData, text …), with `headers` saying what it is. */
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  /** For endless streams: read the first chunk only, then hang up. */
  firstChunkOnly?: boolean;
}

export class ConformanceChecker {
  readonly exercised = new Map<string, Set<number>>();
  private readonly operations: Operation[];
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    private readonly document: OpenAPIV3.Document,
    private readonly server: TestServer,
  ) {
    addFormats.default(this.ajv);
    this.ajv.addFormat('binary', true);
    this.operations = Object.entries(document.paths).flatMap(([template, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((method) => item?.[method])
        .map((method) => {
          const operation = item?.[method] as OpenAPIV3.OperationObject;
          const segments = template.split('/');
          return {
            id: operation.operationId ?? `${method} ${template}`,
            method: method.toUpperCase(),
            template,
            pattern: new RegExp(
              `^${segments.map((part) => (part.startsWith('{') ? '[^/]+' : escapeRegExp(part))).join('/')}$`,
            ),
            literalSegments: segments.filter((part) => !part.startsWith('{')).length,
            responses: operation.responses,
          };
        }),
    );
    // "/api/imports/{id}/staged/summary" before "/api/imports/{id}/staged/{stagedId}".
    this.operations.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  /** Every operationId of the document. */
  operationIds(): string[] {
    return this.operations.map((operation) => operation.id).sort();
  }

  /** Calls the server and checks the answer against the document; throws on any difference. */
  async call(method: string, url: string, options: CallOptions = {}): Promise<CheckedAnswer> {
    const pathname = new URL(url, 'http://x').pathname;
    const operation = this.operations.find((op) => op.method === method && op.pattern.test(pathname));
    if (!operation) throw new Error(`${method} ${pathname} is not in the OpenAPI document`);
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const controller = new AbortController();
    const response = await this.server.request(url, {
      method,
      headers,
      signal: controller.signal,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    const where = `${method} ${url} (${operation.id}) answered ${response.status}`;
    const documented = operation.responses[String(response.status)] as OpenAPIV3.ResponseObject | undefined;
    const text = options.firstChunkOnly ? await firstChunk(response, controller) : await response.text();
    if (!documented) throw new Error(`${where}, which the document does not list: ${text.slice(0, 300)}`);
    this.record(operation.id, response.status);

    const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const media = documented.content ?? {};
    if (Object.keys(media).length === 0) {
      if (text !== '') throw new Error(`${where} with a body where the document says none`);
      return {
        operationId: operation.id,
        status: response.status,
        contentType,
        body: undefined,
        headers: response.headers,
      };
    }
    const declared = media[contentType];
    if (!declared) {
      throw new Error(`${where} as "${contentType}", not ${Object.keys(media).join(' or ')}`);
    }
    for (const name of Object.keys(documented.headers ?? {})) {
      if (!response.headers.has(name)) throw new Error(`${where} without its documented header ${name}`);
    }
    const body = contentType.includes('json') ? JSON.parse(text) : text;
    const validate = this.validator(
      `${operation.id} ${response.status} ${contentType}`,
      declared.schema as Schema,
    );
    if (!validate(body)) {
      throw new Error(
        `${where}; the body does not fit the document: ${this.ajv.errorsText(validate.errors)}`,
      );
    }
    return {
      operationId: operation.id,
      status: response.status,
      contentType,
      body,
      headers: response.headers,
    };
  }

  /** Operations never answered with a success status. */
  neverSucceeded(): string[] {
    return this.operationIds().filter(
      (id) => ![...(this.exercised.get(id) ?? [])].some((status) => status >= 200 && status < 300),
    );
  }

  private record(operationId: string, status: number): void {
    const statuses = this.exercised.get(operationId) ?? new Set<number>();
    statuses.add(status);
    this.exercised.set(operationId, statuses);
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(this.resolve(schema) as Schema);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** The schema with #/components/schemas/… references replaced by what they name. */
  private resolve(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (typeof value !== 'object' || value === null) return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      const target = this.document.components?.schemas?.[name];
      if (!target) throw new Error(`Unresolved reference ${ref}`);
      return this.resolve(target);
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.resolve(item)]));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function firstChunk(response: Response, controller: AbortController): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const { value } = await reader.read();
  controller.abort();
  return new TextDecoder().decode(value);
}
