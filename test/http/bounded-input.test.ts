import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingPlan } from '../../src/mapping-tool/mapping-plan.js';
import { repoRoot } from '../support/cli.js';
import { describeEachDatabase } from '../support/databases.js';
import { upload } from '../support/http-upload.js';
import { adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');
const beyondInt4 = 2_147_483_648;
const exportFolder = path.join(repoRoot, 'test/fixtures/legacy-exports/split-tables-en');

/** The parts of a JSON Schema that bound a text, or hold other schemas. */
interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  maxLength?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
}

describeEachDatabase(({ dialect }) => {
  describe('bounded input', () => {
    let server: TestServer;
    let cookie: string;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      cookie = await server.login('admin', adminPassword);
    });
    afterAll(async () => {
      await server.close();
    });

    const send = (method: string, url: string, body?: unknown) =>
      server.request(url, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const refused = async (response: Response) => {
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, body.error.message).toBe(400);
      expect(body.error.code).toBe('INVALID_ARGUMENT');
      return body.error.message;
    };

    it('answers a search of a thousand words 400, naming the most words a search takes', async () => {
      const thousandWords = Array.from({ length: 1000 }, (_, index) => `w${index}`).join(' ');
      await refused(await send('GET', `/api/contacts?q=${encodeURIComponent(thousandWords)}`));
      const manyShortWords = Array.from({ length: 21 }, (_, index) => String.fromCharCode(97 + index)).join(
        ' ',
      );
      expect(
        await refused(await send('GET', `/api/contacts?q=${encodeURIComponent(manyShortWords)}`)),
      ).toMatch(/at most 20 words/);
      const twentyWords = manyShortWords.slice(0, -2);
      expect((await send('GET', `/api/contacts?q=${encodeURIComponent(twentyWords)}`)).status).toBe(200);
    });

    it('refuses ids beyond what an integer column holds, in paths and in bodies', async () => {
      for (const url of [
        `/api/imports/${beyondInt4}`,
        `/api/imports/${beyondInt4}/errors`,
        `/api/imports/${beyondInt4}/staged`,
        `/api/imports/${beyondInt4}/report`,
        `/api/contacts/${beyondInt4}`,
        `/api/contacts/${beyondInt4}/history`,
        `/api/lists/${beyondInt4}/contacts`,
        `/api/imports/1/staged/${beyondInt4}`,
      ]) {
        expect(await refused(await send('GET', url))).toMatch(/2147483647/);
      }
      await refused(await send('PUT', '/api/imports/1/staged/1/match', { contactId: beyondInt4 }));
      await refused(await send('POST', '/api/notifications/read', { ids: [beyondInt4] }));
      // The largest id that fits is simply not found.
      expect((await send('GET', '/api/imports/2147483647')).status).toBe(404);
    });

    it('refuses a NUL character in any text with 400', async () => {
      await refused(await send('GET', '/api/contacts?q=%00'));
      await refused(await send('GET', '/api/imports?description=a%00b'));
      await refused(await send('GET', '/api/imports/1/staged?name=%00'));
      await refused(await send('POST', '/api/teams', { name: 'North\u0000' }));
      await refused(await send('POST', '/api/contacts', { kind: 'person', lastName: 'Nul\u0000' }));
      await refused(await send('PATCH', '/api/imports/1/staged/1', { firstName: 'A\u0000' }));
      await refused(await send('POST', '/api/teams/1/members/a%00b'));
    });

    it('refuses free text over its documented maximum instead of storing or cutting it', async () => {
      expect(await refused(await send('POST', '/api/teams', { name: 't'.repeat(101) }))).toMatch(/100/);
      expect((await send('POST', '/api/teams', { name: 't'.repeat(100) })).status).toBe(201);
      await refused(await send('POST', '/api/contacts', { kind: 'person', lastName: 'l'.repeat(101) }));
      await refused(await send('PATCH', '/api/imports/1/staged/1', { firstName: 'x'.repeat(20_001) }));

      const longDescription = await upload(server, cookie, goodPackage, { description: 'd'.repeat(1_001) });
      expect(await refused(longDescription)).toMatch(/description/);
      // Over the multipart parser's own field limit (1 MiB): refused, not cut to 1 MiB.
      const hugeDescription = await upload(server, cookie, goodPackage, { description: 'd'.repeat(2 << 20) });
      await refused(hugeDescription);
      const listed = await send('GET', '/api/imports');
      expect(await listed.json()).toEqual([]);
    });

    it('refuses a mapping plan with text over its maximum or a NUL, on check and on package', async () => {
      const form = new FormData();
      for (const name of fs.readdirSync(exportFolder).filter((file) => file.endsWith('.csv'))) {
        form.append('files', new Blob([fs.readFileSync(path.join(exportFolder, name))]), name);
      }
      const created = await server.request('/api/mapping/uploads', {
        method: 'POST',
        headers: { cookie },
        body: form,
      });
      expect(created.status).toBe(201);
      const { id, plan } = (await created.json()) as { id: string; plan: MappingPlan };
      const changed = (change: (edited: MappingPlan) => void) => {
        const edited = structuredClone(plan);
        change(edited);
        return edited;
      };
      const hostile = {
        'a header of 1,001 characters': changed((edited) => {
          edited.files[0]!.columns[0]!.column = 'c'.repeat(1_001);
        }),
        'a NUL in a target': changed((edited) => {
          edited.files[0]!.columns[0]!.target = 'last\u0000Name';
        }),
        'a lookup value of 1,001 characters': changed((edited) => {
          edited.files[0]!.columns[0]!.lookup = { H: 'h'.repeat(1_001) };
        }),
        'a NUL in a default': changed((edited) => {
          edited.files[0]!.defaults = { status: 'x\u0000' };
        }),
        'a NUL in the name': changed((edited) => {
          edited.name = 'Legacy\u0000';
        }),
        'a savedAt of 2,001 characters': changed((edited) => {
          edited.savedAt = 's'.repeat(2_001);
        }),
      };
      for (const [what, edited] of Object.entries(hostile)) {
        for (const action of ['check', 'package']) {
          const response = await send('POST', `/api/mapping/uploads/${id}/${action}`, { plan: edited });
          expect(response.status, `${action} with ${what}`).toBe(400);
          expect(await refused(response)).toMatch(/at most \d+ characters|NUL/);
        }
      }
      expect((await send('POST', `/api/mapping/uploads/${id}/check`, { plan })).status).toBe(200);
    });

    it('refuses an uploaded file whose name is longer than a file system holds, and keeps nothing of it', async () => {
      const longName = `${'é'.repeat(130)}.zip`; // 130 characters, 264 bytes of UTF-8
      const packageForm = new FormData();
      packageForm.append('package', new Blob([fs.readFileSync(goodPackage)]), longName);
      const imported = await server.request('/api/imports', {
        method: 'POST',
        headers: { cookie },
        body: packageForm,
      });
      expect(await refused(imported)).toMatch(/longer than 255 bytes/);
      const csvForm = new FormData();
      csvForm.append('files', new Blob(['ID,Name\n1,Ann\n']), `${'c'.repeat(300)}.csv`);
      const uploaded = await server.request('/api/mapping/uploads', {
        method: 'POST',
        headers: { cookie },
        body: csvForm,
      });
      expect(await refused(uploaded)).toMatch(/longer than 255 bytes/);
      const dataDir = server.app.dataDir;
      expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
      const workspaces = path.join(dataDir, 'mapping-uploads');
      const kept = fs.existsSync(workspaces) ? fs.readdirSync(workspaces) : [];
      // Only the upload of the plan test above, if it ran first.
      expect(kept.length).toBeLessThanOrEqual(1);
      const fitting = new FormData();
      fitting.append('files', new Blob(['ID,Name\n1,Ann\n']), `${'c'.repeat(251)}.csv`);
      expect(
        (await server.request('/api/mapping/uploads', { method: 'POST', headers: { cookie }, body: fitting }))
          .status,
      ).toBe(201);
    });

    it('gives every text a request takes a documented maximum in the OpenAPI document', async () => {
      const document = (await (await server.request('/api/openapi.json')).json()) as {
        paths: Record<
          string,
          Record<
            string,
            {
              parameters?: Array<{ name: string; in: string; schema: JsonSchema }>;
              requestBody?: { content: Record<string, { schema: JsonSchema }> };
            }
          >
        >;
      };
      const unbounded: string[] = [];
      const walk = (schema: JsonSchema | undefined, where: string) => {
        if (!schema) return;
        const types = [schema.type ?? []].flat();
        const closed = schema.enum || schema.const !== undefined || schema.format;
        const fixedPattern = /\{\d+\}\$$/.test(schema.pattern ?? '');
        if (types.includes('string') && schema.maxLength === undefined && !closed && !fixedPattern) {
          unbounded.push(where);
        }
        for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
          walk(part, where);
        }
        for (const [name, property] of Object.entries(schema.properties ?? {}))
          walk(property, `${where}.${name}`);
        walk(schema.items, `${where}[]`);
        if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${where}{}`);
        walk(schema.propertyNames, `${where}{key}`);
      };
      for (const [route, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const name = `${method.toUpperCase()} ${route}`;
          for (const parameter of operation.parameters ?? []) {
            // A yes/no switch (true, false, 1, 0, yes, no …), not text.
            if (name === 'GET /api/notifications' && parameter.name === 'unread') continue;
            walk(parameter.schema, `${name} ${parameter.in} ${parameter.name}`);
          }
          for (const [media, content] of Object.entries(operation.requestBody?.content ?? {})) {
            walk(content.schema, `${name} ${media}`);
          }
        }
      }
      expect(unbounded).toEqual([]);
    });

    it('documents the maxima in the OpenAPI document', async () => {
      const document = (await (await server.request('/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema: object }> }>>;
      };
      const getContact = document.paths['/api/contacts/{id}']!.get!;
      expect(getContact.parameters?.find((parameter) => parameter.name === 'id')?.schema).toMatchObject({
        maximum: 2_147_483_647,
      });
      const search = document.paths['/api/contacts']!.get!;
      expect(search.parameters?.find((parameter) => parameter.name === 'q')?.schema).toMatchObject({
        maxLength: 200,
      });
    });
  });
});

describe('authentication before validation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers an anonymous request 401 whatever its body, without validation details', async () => {
    const anonymous = [
      server.request('/api/contacts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'robot' }),
      }),
      server.request('/api/teams', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name": 5',
      }),
      server.request('/api/imports/abc/staged/1', {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 5 }),
      }),
      server.request('/api/notifications/read', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids: 'all' }),
      }),
    ];
    for (const response of await Promise.all(anonymous)) {
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, body.error.message).toBe(401);
      expect(body.error.code).toBe('NOT_AUTHENTICATED');
    }
  });

  it('answers 401 to every operation the document guards, sent anonymously with bad ids, query and body', async () => {
    const document = (await (await server.request('/api/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string }> }>
      >;
    };
    const answers: string[] = [];
    for (const [route, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.security?.length === 0) continue; // open to anyone: signing in and out
        const query = new URLSearchParams();
        for (const parameter of operation.parameters ?? []) {
          if (parameter.in === 'query') query.append(parameter.name, 'x\u0000'.repeat(300));
        }
        const url = `${route.replace(/\{[^}]+\}/g, 'not-an-id%00')}?${query}`;
        const withBody = !['get', 'delete'].includes(method);
        const response = await server.request(url, {
          method: method.toUpperCase(),
          ...(withBody ? { headers: { 'content-type': 'application/json' }, body: '{"unexpected": ' } : {}),
        });
        const text = await response.text();
        answers.push(`${method.toUpperCase()} ${route}: ${response.status} ${text.slice(0, 80)}`);
      }
    }
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((answer) => !/: 401 \{"error":\{"code":"NOT_AUTHENTICATED"/.test(answer))).toEqual(
      [],
    );
  });
});
