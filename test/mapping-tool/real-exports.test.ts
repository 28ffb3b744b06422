/**
 * Every export of the real-export corpus (test/fixtures/real-exports, see its SOURCES.md) with
 * sample rows goes suggest → build → import → process → complete with the suggestions taken as
 * they came: every sample row lands as a contact, and no row of any file (child rows of phones,
 * emails, addresses, categories included) is refused, so no value is lost to an unknown type code
 * or a missing key.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app/open-app.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { buildPackage } from '../../src/mapping-tool/build-package.js';
import { checkPackage } from '../../src/mapping-tool/check-package.js';
import { measureAccuracy } from '../../src/mapping-tool/measure-accuracy.js';
import { suggestMappings } from '../../src/mapping-tool/suggest-mappings.js';
import { writePackageFolder } from '../../src/mapping-tool/write-package-folder.js';
import { openCsv } from '../../src/pipeline/parse/csv-reader.js';
import { repoRoot } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';
import { importAndWait, openTestApp } from '../support/test-app.js';

const corpus = path.join(repoRoot, 'test/fixtures/real-exports');
const exports = fs
  .readdirSync(corpus)
  .filter((name) => fs.existsSync(path.join(corpus, name, 'truth.json')))
  .sort();

async function rowsOf(file: string): Promise<number> {
  const csv = await openCsv(fs.createReadStream(file), {
    fileName: path.basename(file),
    encoding: 'auto',
    delimiter: 'auto',
  });
  let rows = 0;
  for await (const _record of csv.records) rows++;
  return rows;
}

describe('the real-export corpus', () => {
  let app: App;
  let adminId: number;
  beforeAll(async () => {
    app = await openTestApp();
    adminId = (await app.repositories.users.findByUserName('admin'))!.id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('holds at least 25 exports, and the suggestions reach 92% of importable columns and leave 96% of the others', async () => {
    expect(exports.length).toBeGreaterThanOrEqual(25);
    const { definition } = await app.definitions.forUser('admin');
    const report = await measureAccuracy(corpus, definition);
    const misses = JSON.stringify(report.exports.flatMap((score) => score.misses));
    expect(report.importableAccuracy, misses).toBeGreaterThanOrEqual(0.92);
    expect(report.leaveAccuracy, misses).toBeGreaterThanOrEqual(0.96);
  });

  it.each(exports)('%s: every sample row lands, suggestions taken as they came', async (name) => {
    const folder = path.join(corpus, name);
    const csvName = fs.readdirSync(folder).find((file) => /\.(csv|vcf)$/.test(file))!;
    const sampleRows = await rowsOf(path.join(folder, csvName));
    if (sampleRows === 0) return;
    const { definition } = await app.definitions.forUser('admin');
    const { plan } = await suggestMappings({
      files: [{ path: path.join(folder, csvName), name: csvName }],
      definition,
      name,
    });
    const work = tempDir('real-export-');
    await writePackageFolder(plan, new Map([[csvName, path.join(folder, csvName)]]), definition, work);
    const zip = path.join(tempDir('real-export-zip-'), `${name}.zip`);
    await buildPackage(work, zip);
    const check = await checkPackage(zip, { limits: app.config.archive });
    expect(check.problems, JSON.stringify(check.problems, null, 1)).toEqual([]);

    const loaded = await importAndWait(app, zip, { description: name });
    expect(loaded, JSON.stringify(await app.imports.errorLog(loaded.id))).toMatchObject({
      stage: 'Review Staged Data',
      status: 'Waiting for User',
      counts: { contactsStaged: sampleRows, rowsRejected: 0 },
    });
    const actor = { id: adminId, isAdmin: true };
    await app.review.bulkAction(actor, loaded.id, {}, 'create');
    await app.importFlow.startProcess(actor, loaded.id);
    await runImportJob(loaded.id, { repositories: app.repositories, config: app.config });
    await app.importFlow.startCompletion(actor, loaded.id, true);
    await runImportJob(loaded.id, { repositories: app.repositories, config: app.config });
    expect(await app.imports.show(loaded.id)).toMatchObject({ stage: 'Completed', status: 'Completed' });
    const report = await app.importFlow.report(actor, loaded.id);
    expect(report.totals).toMatchObject({ created: sampleRows, rowsRejected: 0 });
  });
});
