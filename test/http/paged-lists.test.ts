import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { prepareReviewScenario, type ReviewScenario } from '../support/review-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** The paged lists: each declares X-Total-Count in the OpenAPI document and sends the total in it. */
const pagedOperations = [
  '/api/imports',
  '/api/contacts',
  '/api/lists/{id}/contacts',
  '/api/imports/{id}/staged',
] as const;

interface OpenApiDocument {
  paths: Record<string, { get?: { responses: Record<string, { headers?: Record<string, unknown> }> } }>;
}

describeEachDatabase(({ dialect }) => {
  describe('paged lists and X-Total-Count', () => {
    let server: TestServer;
    let scenario: ReviewScenario;
    let cookie: string;

    beforeEach(async () => {
      server = await startTestServer(dialect);
      scenario = await prepareReviewScenario(server.app);
      await server.app.auth.setPassword('advisor', 'advisor-password');
      await server.app.auth.grant('advisor', 'ImportProcessManage');
      await server.app.auth.grant('advisor', 'ImportProcessView');
      cookie = await server.login('advisor', 'advisor-password');
    });
    afterEach(async () => {
      await server.close();
    });

    /** The first page of one item, its total as the header says and as the body says (if it does). */
    async function firstPage(path: string) {
      const response = await server.request(path, { headers: { cookie } });
      expect(response.status, await response.clone().text()).toBe(200);
      const body = (await response.json()) as unknown[] | { items: unknown[]; total: number };
      return {
        items: Array.isArray(body) ? body.length : body.items.length,
        header: response.headers.get('x-total-count'),
        bodyTotal: Array.isArray(body) ? undefined : body.total,
      };
    }

    it('declares X-Total-Count as an integer on the 200 response of every paged list', async () => {
      const document = (await (await server.request('/api/openapi.json')).json()) as OpenApiDocument;
      for (const path of pagedOperations) {
        const headers = document.paths[path]?.get?.responses['200']?.headers;
        expect(headers?.['X-Total-Count'], path).toMatchObject({ schema: { type: 'integer' } });
      }
    });

    it('sends the total of all pages in X-Total-Count, the same number the body gives', async () => {
      const listId = await addContactList(scenario);

      expect(await firstPage('/api/imports?pageSize=1')).toEqual({
        items: 1,
        header: '1',
        bodyTotal: undefined,
      });
      // The advisor sees their Ann Lee and Zed, not the stranger's contact.
      expect(await firstPage('/api/contacts?pageSize=1')).toEqual({ items: 1, header: '2', bodyTotal: 2 });
      expect(await firstPage(`/api/lists/${listId}/contacts?pageSize=1`)).toEqual({
        items: 1,
        header: '2',
        bodyTotal: 2,
      });
      expect(await firstPage(`/api/imports/${scenario.jobId}/staged?limit=1`)).toEqual({
        items: 1,
        header: '4',
        bodyTotal: 4,
      });
      expect((await firstPage('/api/contacts?q=nobody-is-called-this')).header).toBe('0');
    });

    /** A list of the advisor's with their two contacts (Complete Import would make one). */
    async function addContactList(of: ReviewScenario): Promise<number> {
      const { id } = await server.app.db
        .insertInto('contact_lists')
        .values({
          name: 'Paged',
          owner_user_id: of.advisor,
          job_id: null,
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await server.app.db
        .insertInto('contact_list_members')
        .values([of.ann, of.zed].map((contact_id) => ({ list_id: id, contact_id })))
        .execute();
      return id;
    }
  });
});
