/**
 * Completes each route's entry in the OpenAPI document from the route's own declarations, so a
 * new route cannot forget what every route of its kind answers:
 * - 401 when an authentication hook guards it, 403 when that hook demands a privilege;
 * - 400 when it takes parameters, a query or a body; 404 when it has path parameters;
 * - 400, 413 and 415 for every method that carries a body: Fastify parses it before any hook,
 *   schema or not; 406 for a multipart upload sent as something else;
 * - every response described, errors as application/json ApiError, successes in the media types
 *   the route `produces` (application/json unless it says otherwise), 204 without content;
 * - `security: []` on routes anyone may call.
 * A route without an operationId or a described success response is refused at registration.
 */
import type { SwaggerTransform } from '@fastify/swagger';
import type { FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { apiErrorSchema } from '../schemas/api-error.schema.js';
import { accessOf, type RouteAccess } from './route-access.js';

const multipart = 'multipart/form-data';
/** Every error body is the one ApiError schema (components.schemas, see api-document.ts). */
export const apiErrorRef = { $ref: '#/components/schemas/ApiError' };
const methodsWithBody = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface DocumentedSchema extends FastifySchema {
  hide?: boolean;
  operationId?: string;
  consumes?: readonly string[];
  produces?: readonly string[];
}

type JsonSchema = Record<string, unknown>;

/** What each error status means when the route does not say more. */
const errorMeaning: Record<number, string> = {
  400: 'The request does not fit its schema or rules (INVALID_ARGUMENT); the message names the field',
  401: 'Not signed in (NOT_AUTHENTICATED): send the session cookie or an Authorization: Bearer token',
  403: 'Signed in, but not allowed to do this (NOT_ALLOWED)',
  404: 'There is no such item, or none that you may see (a *_NOT_FOUND code)',
  406: 'The request is not multipart/form-data',
  409: 'Not possible in the current state (the code says why, e.g. IMPORT_WRONG_STAGE)',
  413: 'The body or upload is larger than this server accepts',
  415: 'The body is not JSON: send Content-Type: application/json',
  422: 'The package cannot be imported (a PACKAGE_*, MAPPING_* or CSV_* code says why)',
};

/** The error statuses a route sends by its kind, with what they mean for it. */
export function derivedErrors(
  method: string,
  schema: DocumentedSchema,
  access: RouteAccess | undefined,
): Map<number, string> {
  const errors = new Map<number, string>();
  const takesUpload = schema.consumes?.includes(multipart) ?? false;
  const carriesBody = methodsWithBody.has(method);
  if (schema.params || schema.querystring || carriesBody) errors.set(400, errorMeaning[400] ?? '');
  if (access) errors.set(401, errorMeaning[401] ?? '');
  if (access?.privilege) {
    errors.set(
      403,
      `Signed in without the ${access.privilege} privilege, or not allowed to act on this item (NOT_ALLOWED)`,
    );
  }
  if (schema.params) errors.set(404, errorMeaning[404] ?? '');
  if (takesUpload) errors.set(406, errorMeaning[406] ?? '');
  if (carriesBody) errors.set(413, errorMeaning[413] ?? '');
  if (carriesBody)
    errors.set(
      415,
      takesUpload ? 'The body is neither multipart/form-data nor JSON' : (errorMeaning[415] ?? ''),
    );
  return errors;
}

function routeName(route: Pick<RouteOptions, 'method' | 'url'>): string {
  return `${[route.method].flat().join(',')} ${route.url}`;
}

function isDocumented(route: Pick<RouteOptions, 'url' | 'schema'>): boolean {
  const schema = route.schema as DocumentedSchema | undefined;
  return route.url.startsWith('/api/') && schema?.hide !== true;
}

/**
 * The onRoute check: an API route that would appear in the document names its operation and
 * describes its success responses (`.describe()` on their schemas).
 */
export function requireDocumentation(route: RouteOptions): void {
  if (!isDocumented(route)) return;
  const schema = (route.schema ?? {}) as DocumentedSchema;
  if (!schema.operationId)
    throw new Error(`${routeName(route)} needs schema.operationId (e.g. "listImports")`);
  const successes = Object.entries(
    (schema.response ?? {}) as Record<string, { description?: string }>,
  ).filter(([status]) => status.startsWith('2'));
  if (successes.length === 0) throw new Error(`${routeName(route)} declares no success response`);
  for (const [status, response] of successes) {
    if (!response.description) {
      throw new Error(`${routeName(route)}: describe its ${status} response (.describe() on the schema)`);
    }
  }
}

/** The swagger transform: zod to JSON Schema, then the derived and described responses. */
export const describeRoute: SwaggerTransform = (input) => {
  const schema = input.schema as DocumentedSchema | undefined;
  if (!schema || !isDocumented(input.route)) return jsonSchemaTransform(input);
  const access = accessOf(input.route);
  const derived = derivedErrors(String(input.route.method), schema, access);
  const declared = (schema.response ?? {}) as Record<string, unknown>;
  const withErrors: Record<string, unknown> = { ...declared };
  for (const status of derived.keys()) withErrors[status] ??= apiErrorSchema;
  const transformed = jsonSchemaTransform({ ...input, schema: { ...schema, response: withErrors } });
  const json = transformed.schema.response as Record<string, JsonSchema>;
  const successTypes = schema.produces ?? ['application/json'];
  const responses: Record<string, JsonSchema> = {};
  for (const [status, { description, headers, ...body }] of Object.entries(json)) {
    const code = Number(status);
    const text = (description as string | undefined) ?? derived.get(code) ?? errorMeaning[code];
    if (!text) throw new Error(`${routeName(input.route)}: describe its ${status} response`);
    if (code === 204) {
      responses[status] = { description: text, type: 'null' };
      continue;
    }
    if (code >= 400) {
      responses[status] = { description: text, content: { 'application/json': { schema: apiErrorRef } } };
      continue;
    }
    responses[status] = {
      description: text,
      ...(headers ? { headers } : {}),
      content: Object.fromEntries(successTypes.map((type) => [type, { schema: forOpenApi30(body) }])),
    };
  }
  const { produces: _produces, ...rest } = transformed.schema as DocumentedSchema;
  return {
    url: transformed.url,
    schema: { ...rest, response: responses, ...(access ? {} : { security: [] }) } as FastifySchema,
  };
};

/**
 * Two fixes to what zod writes for OpenAPI 3.0, so validators read it as the server means it:
 * - a record over an enum of keys (every key present) comes as `required` names with
 *   `additionalProperties`; OpenAPI 3.0 knows no `propertyNames`, so each required key is named
 *   as a property of the record's value schema;
 * - a nullable enum must list null among its values (OpenAPI 3.0.3, "nullable"), or null fails it.
 */
function forOpenApi30(schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = Array.isArray(value)
      ? value.map((item) => (isSchema(item) ? forOpenApi30(item) : item))
      : isSchema(value)
        ? forOpenApi30(value)
        : value;
  }
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) {
    copy.enum = [...copy.enum, null];
  }
  const { required, additionalProperties } = copy;
  if (Array.isArray(required) && isSchema(additionalProperties)) {
    const properties = { ...((copy.properties as JsonSchema | undefined) ?? {}) };
    for (const name of required as string[]) properties[name] ??= additionalProperties;
    copy.properties = properties;
  }
  return copy;
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
