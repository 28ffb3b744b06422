/**
 * Property-based fuzzing of every route of the OpenAPI document, signed in as an administrator,
 * on SQLite and PostgreSQL: no input may be answered 500 or go unanswered. The JSON cases cannot
 * reach the two routes that take files, so multipart uploads are generated for them apart. The seed is printed;
 * replay a run with DOVETAIL_FUZZ_SEED=<seed>, and change its size with DOVETAIL_FUZZ_CASES
 * (requests per database, default 2,600).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { createServer } from '../../src/http/create-server.js';
import type { JobDispatcher } from '../../src/jobs/job-dispatcher.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import {
  asParameterText,
  hostileTexts,
  type JsonSchema,
  SchemaArbitraries,
} from '../support/openapi-arbitraries.js';
import { importAndWait, openTestApp } from '../support/test-app.js';
import { adminPassword } from '../support/test-server.js';

const casesPerDatabase = Number(process.env.DOVETAIL_FUZZ_CASES ?? 2_600);
/** Multipart uploads per database: the two routes that take files, which the JSON cases cannot reach. */
const uploadsPerDatabase = Math.ceil(casesPerDatabase / 10);
const seed = Number(process.env.DOVETAIL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** An answer slower than this counts as a hang (the machine running CI may be slow). */
const answerWithinMs = 20_000;

/**
 * Routes left out, and why: the event stream stays open by design, and signing out would end
 * the fuzzer's own session (it takes no input).
 */
const leftOut = new Set(['GET /api/notifications/stream', 'DELETE /api/session']);

/** Jobs are not run: the fuzz is about the routes' inputs, and a stage would only slow it down. */
const noJobs: JobDispatcher = { start() {}, resumeInterrupted() {}, count: 0, drain: async () => {} };

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required?: boolean; schema: JsonSchema }>;
  body?: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      Omit<Operation, 'method' | 'path'> & {
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [route, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (leftOut.has(`${method.toUpperCase()} ${route}`)) continue;
      const body = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path: route,
        parameters: (operation.parameters ?? []).filter(
          (parameter) => parameter.in === 'path' || parameter.in === 'query',
        ),
        ...(body ? { body } : {}),
      });
    }
  }
  return operations;
}

function requestFor(operation: Operation, arbitraries: SchemaArbitraries): fc.Arbitrary<InjectOptions> {
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = operation.parameters.filter((parameter) => parameter.in === 'query');
  const pathValues = fc.tuple(...pathParameters.map((parameter) => arbitraries.value(parameter.schema)));
  const query = fc.record(
    Object.fromEntries(
      queryParameters.map((parameter) => [parameter.name, arbitraries.value(parameter.schema)]),
    ),
    { requiredKeys: [] },
  );
  const body = operation.body
    ? fc.oneof(
        { arbitrary: arbitraries.value(operation.body).map((value) => JSON.stringify(value)), weight: 9 },
        // Not JSON at all, or cut short.
        { arbitrary: fc.constantFrom('{', '', 'null', '{"a":', '\u0000'), weight: 1 },
      )
    : fc.constant(undefined);
  return fc.tuple(pathValues, query, body).map(([values, queryValues, payload]) => {
    let url = operation.path;
    pathParameters.forEach((parameter, index) => {
      const text = asParameterText(values[index]);
      // An empty segment is another route; the fuzzer asks for this one.
      url = url.replace(
        `{${parameter.name}}`,
        encodeURIComponent(text === '' ? ' ' : Buffer.from(text).toString()),
      );
    });
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(queryValues)) {
      if (value !== undefined) search.append(name, asParameterText(value));
    }
    const queryText = search.toString();
    return {
      method: operation.method as InjectOptions['method'],
      url: queryText ? `${url}?${queryText}` : url,
      ...(payload === undefined ? {} : { payload, headers: { 'content-type': 'application/json' } }),
    };
  });
}

/** A multipart/form-data body written out by hand, so that names may be anything a client sends. */
function multipartBody(
  fields: Array<{ name: string; value: string }>,
  files: Array<{ field: string; filename: string; content: Buffer }>,
) {
  const boundary = `----dovetail-fuzz-${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const field of fields) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${field.name}"\r\n\r\n${field.value}\r\n`,
      ),
    );
  }
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
          'content-type: application/octet-stream\r\n\r\n',
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

const goodPackage = fs.readFileSync(path.join(repoRoot, 'examples/northwind-good.zip'));

const csvContent = fc
  .constantFrom('ID,Name\n1,Ann\n', 'ID,Name\n1,Ann\n2,"Bo\n', 'a;b\r\n=1+2;\u0000\r\n', '')
  .map((text) => Buffer.from(text));
const anyContent = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));

/**
 * An upload to POST /api/imports or /api/mapping/uploads: mostly the file the route takes under
 * its field, with known and hostile field names, values, file names and contents around it.
 */
const uploadRequest: fc.Arbitrary<InjectOptions> = fc
  .constantFrom(
    {
      url: '/api/imports',
      fileField: 'package',
      content: fc.oneof({ arbitrary: fc.constant(goodPackage), weight: 3 }, anyContent),
    },
    {
      url: '/api/mapping/uploads',
      fileField: 'files',
      content: fc.oneof({ arbitrary: csvContent, weight: 3 }, anyContent),
    },
  )
  .chain(({ url, fileField, content }) =>
    fc.record({
      url: fc.constant(url),
      fields: fc.array(
        fc.record({
          name: fc.oneof(
            { arbitrary: fc.constantFrom('description', 'onBehalfOf', 'name'), weight: 4 },
            fc.constantFrom('other', ...hostileTexts),
          ),
          value: fc.oneof(fc.constantFrom('admin', ...hostileTexts), fc.string({ maxLength: 40 })),
        }),
        { maxLength: 3 },
      ),
      files: fc.array(
        fc.record({
          field: fc.oneof(
            { arbitrary: fc.constant(fileField), weight: 6 },
            fc.constantFrom('template', 'package', 'files', ...hostileTexts),
          ),
          filename: fc.oneof(
            { arbitrary: fc.constantFrom('people.csv', 'package.zip'), weight: 2 },
            fc.constantFrom(...hostileTexts),
            fc.integer({ min: 200, max: 400 }).map((n) => `${'n'.repeat(n)}.csv`),
            fc.string({ unit: 'grapheme', maxLength: 80 }),
          ),
          content,
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  )
  .map(({ url, fields, files }) => {
    const { payload, contentType } = multipartBody(fields, files);
    return { method: 'POST', url, payload, headers: { 'content-type': contentType } };
  });

describeEachDatabase(({ dialect }) => {
  describe('fuzzing every route of the OpenAPI document', () => {
    let app: App;
    let server: FastifyInstance;
    let cookie: string;
    let operations: Operation[];
    let arbitraries: SchemaArbitraries;

    beforeAll(async () => {
      app = await openTestApp({ DOVETAIL_ADMIN_PASSWORD: adminPassword }, dialect);
      // An import waiting in review, so that ids 1, 2 … reach real rows.
      await importAndWait(app, path.join(repoRoot, 'examples/northwind-good.zip'));
      server = await createServer({ app, jobs: noJobs });
      const login = await server.inject({
        method: 'POST',
        url: '/api/session',
        payload: { userName: 'admin', password: adminPassword },
      });
      expect(login.statusCode).toBe(200);
      cookie = login.cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ');
      const document = (await server.inject('/api/openapi.json')).json() as OpenApiDocument;
      operations = operationsOf(document);
      arbitraries = new SchemaArbitraries(document.components?.schemas ?? {});
    }, 300_000);

    afterAll(async () => {
      await server?.close();
      await app?.close();
    });

    /** Sends one request as the signed-in administrator; fails on a 5xx answer or none in time. */
    const answerWithout500 = async (options: InjectOptions, statuses: Map<number, number>) => {
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${answerWithinMs} ms`)), answerWithinMs);
      });
      try {
        const response = await Promise.race([
          server.inject({ ...options, headers: { ...options.headers, cookie } }),
          hang,
        ]);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode >= 500) {
          throw new Error(
            `${options.method} ${options.url} answered ${response.statusCode}: ${response.body}`,
          );
        }
      } finally {
        clearTimeout(timer);
      }
    };

    it(`answers ${casesPerDatabase} generated requests without a 500 or a hang`, async () => {
      expect(operations.length).toBeGreaterThan(30);
      console.log(
        `HTTP fuzz on ${dialect}: seed ${seed}, ${casesPerDatabase} requests over ${operations.length} operations ` +
          `(replay: DOVETAIL_FUZZ_SEED=${seed} npx vitest run test/http/fuzz-routes.test.ts)`,
      );
      const statuses = new Map<number, number>();
      const request = fc.constantFrom(...operations).chain((operation) => requestFor(operation, arbitraries));
      await fc.assert(
        fc.asyncProperty(request, (options) => answerWithout500(options, statuses)),
        { seed, numRuns: casesPerDatabase, endOnFailure: true },
      );
      console.log(
        `HTTP fuzz on ${dialect}: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
      );
      expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(casesPerDatabase);
    }, 900_000);

    it(`answers ${uploadsPerDatabase} generated multipart uploads without a 500 or a hang`, async () => {
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(uploadRequest, (options) => answerWithout500(options, statuses)),
        { seed, numRuns: uploadsPerDatabase, endOnFailure: true },
      );
      console.log(
        `HTTP upload fuzz on ${dialect}: statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`,
      );
      expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(uploadsPerDatabase);
    }, 900_000);
  });
});
