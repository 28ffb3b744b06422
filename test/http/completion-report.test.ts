import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { waitForJob } from '../support/http-upload.js';
import { prepareReviewScenario, type ReviewScenario } from '../support/review-fixtures.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

describeEachDatabase(({ dialect }) => {
  describe('the Import Completion report and what each staged contact became', () => {
    let server: TestServer;
    let s: ReviewScenario;
    let cookie: string;
    afterEach(async () => {
      await server.close();
    });

    async function start() {
      server = await startTestServer(dialect);
      s = await prepareReviewScenario(server.app);
      await server.app.auth.setPassword('advisor', 'advisor-password');
      await server.app.auth.grant('advisor', 'ImportProcessManage');
      await server.app.auth.grant('advisor', 'ImportProcessView');
      cookie = await server.login('advisor', 'advisor-password');
    }

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await server.request(path, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const bytes = Buffer.from(await response.arrayBuffer());
      const json = response.headers.get('content-type')?.includes('json');
      return {
        status: response.status,
        headers: response.headers,
        bytes,
        body: json && bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : bytes.toString('utf8'),
      };
    };
    const staged = (key: string) => `/api/imports/${s.jobId}/staged/${s.staged.get(key)!.id}`;
    const outcomes = async () => {
      const { body } = await call('GET', `/api/imports/${s.jobId}/staged?pageSize=100`);
      return Object.fromEntries(
        body.items.map((item: { legacyKey: string; outcome: string }) => [item.legacyKey, item.outcome]),
      );
    };

    it('honours page and pageSize on the staged contacts, as the other paged lists do', async () => {
      await start();
      const first = await call('GET', `/api/imports/${s.jobId}/staged?pageSize=1`);
      expect(first.body.total).toBe(4);
      expect(first.body.items.map((item: { legacyKey: string }) => item.legacyKey)).toEqual(['P1']);
      const second = await call('GET', `/api/imports/${s.jobId}/staged?page=2&pageSize=1`);
      expect(second.body.items.map((item: { legacyKey: string }) => item.legacyKey)).toEqual(['P4']);
      expect((await call('GET', `/api/imports/${s.jobId}/staged?pageSize=0`)).status).toBe(400);
    });

    it('offers the CSV and PDF only once completed, counts what the list shows after a delete, and says what each row became, then undone', async () => {
      await start();
      // A name a spreadsheet would run as a formula.
      expect((await call('PATCH', staged('P2'), { firstName: '=HYPERLINK("http://evil")' })).status).toBe(
        200,
      );
      expect((await call('DELETE', staged('P3'), { confirm: true })).status).toBe(204);
      for (const format of ['csv', 'pdf']) {
        const early = await call('GET', `/api/imports/${s.jobId}/report.${format}`);
        expect(early.status, format).toBe(409);
        expect(early.body.error.code).toBe('IMPORT_WRONG_STAGE');
      }
      const before = await call('GET', `/api/imports/${s.jobId}/report`);
      const list = await call('GET', `/api/imports/${s.jobId}/staged`);
      expect(before.body.totals.staged).toBe(list.body.total);
      expect(list.body.total).toBe(3);

      expect((await call('GET', `/api/imports/${s.jobId}/staged/summary`)).body.toProcess).toBe(0);
      await call('PUT', `${staged('P1')}/action`, { action: 'merge' });
      await call('PUT', `${staged('P2')}/action`, { action: 'create' });
      expect((await call('GET', `/api/imports/${s.jobId}/staged/summary`)).body.toProcess).toBe(2);
      expect((await call('POST', `/api/imports/${s.jobId}/process`)).status).toBe(202);
      await waitForJob(server, cookie, s.jobId, (job) => job.status === 'Waiting for User', 'to process');
      expect(await outcomes()).toEqual({ P1: 'merged', P2: 'created', P4: 'pending' });
      expect((await call('POST', `/api/imports/${s.jobId}/complete`, { confirm: true })).status).toBe(202);
      await waitForJob(server, cookie, s.jobId, (job) => job.status === 'Completed', 'to complete');
      expect(await outcomes()).toEqual({ P1: 'merged', P2: 'created', P4: 'notProcessed' });
      const summary = (await call('GET', `/api/imports/${s.jobId}/staged/summary`)).body;
      expect(summary.byOutcome).toEqual({
        pending: 0,
        created: 1,
        merged: 1,
        discarded: 0,
        notProcessed: 1,
        undone: 0,
      });

      const report = (await call('GET', `/api/imports/${s.jobId}/report`)).body;
      expect(report.totals).toMatchObject({ staged: 3, created: 1, merged: 1, discardedAtCompletion: 1 });
      expect(report.byFile).toEqual([
        expect.objectContaining({ file: 'people.csv', staged: 3, created: 1, merged: 1, notProcessed: 1 }),
      ]);
      expect(report.warnings).toEqual([
        '1 staged contact was not processed and discarded by Complete Import.',
      ]);

      const csv = await call('GET', `/api/imports/${s.jobId}/report.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toContain(
        encodeURIComponent('Review test completion report.csv'),
      );
      const lines = csv.body.split('\r\n');
      expect(lines).toContain('people.csv,3,1,1,0,1,0');
      // The formula is shown as text: the cell starts with an apostrophe, never with "=".
      expect(lines.find((line: string) => line.includes('HYPERLINK'))).toMatch(
        /^"'=HYPERLINK\(""http:\/\/evil""\) Stone",P2,people\.csv,\d+,Created,\d+$/,
      );
      expect(lines.some((line: string) => /(^|,)"?=/.test(line))).toBe(false);
      expect(lines.find((line: string) => line.startsWith('Ann Lee,P1'))).toContain(',Merged,');

      const pdf = await call('GET', `/api/imports/${s.jobId}/report.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.headers.get('content-disposition')).toContain('completion%20report.pdf');
      expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
      // Names in any Latin, Greek or Cyrillic script print: the PDF embeds a Unicode font, not
      // the built-in Helvetica whose WinAnsi encoding drops everything outside Latin-1.
      expect(pdf.bytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans/);
      expect(pdf.bytes.toString('latin1')).not.toContain('/Helvetica');

      expect((await call('POST', `/api/imports/${s.jobId}/undo`)).status).toBe(200);
      expect(await outcomes()).toEqual({ P1: 'undone', P2: 'undone', P4: 'notProcessed' });
      const undone = (await call('GET', `/api/imports/${s.jobId}/report`)).body;
      expect(undone.warnings.at(-1)).toMatch(/^This import was undone on /);
    });

    it('declares the downloads in the OpenAPI document with their content types and operation ids', async () => {
      await start();
      const document = (await (await server.request('/api/openapi.json')).json()) as {
        paths: Record<
          string,
          { get: { operationId?: string; responses: Record<string, { content?: object }> } }
        >;
      };
      const csv = document.paths['/api/imports/{id}/report.csv']?.get;
      const pdf = document.paths['/api/imports/{id}/report.pdf']?.get;
      expect(csv?.operationId).toBe('getImportReportCsv');
      expect(Object.keys(csv?.responses['200']?.content ?? {})).toEqual(['text/csv']);
      expect(pdf?.operationId).toBe('getImportReportPdf');
      expect(Object.keys(pdf?.responses['200']?.content ?? {})).toEqual(['application/pdf']);
    });
  });
});
