import { type App, openApp } from '../../src/app/open-app.js';
import type { DialectName } from '../../src/db/dialect-name.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { createScratchDatabase } from './databases.js';
import { tempDir } from './package-builder.js';

/**
 * A Dovetail with its own data folder and database, as a fresh installation has: SQLite in the
 * data folder, or a new PostgreSQL database that close() drops again.
 */
export async function openTestApp(
  environment: Record<string, string> = {},
  dialect: DialectName = 'sqlite',
): Promise<App & { dataDir: string }> {
  const dataDir = tempDir('dovetail-data-');
  const database = await createScratchDatabase(dialect);
  let app: App;
  try {
    app = await openApp({ DOVETAIL_DATA_DIR: dataDir, ...database.env, ...environment });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const close = app.close;
  return Object.assign(app, {
    dataDir,
    close: async () => {
      try {
        await close();
      } finally {
        await database.drop();
      }
    },
  });
}

/** Starts an import as the admin and runs it to the end in this process. */
export async function importAndWait(
  app: App,
  packagePath: string,
  options: { description?: string; onBehalfOf?: string; submittedBy?: string } = {},
): Promise<ImportJob> {
  const job = await app.imports.startImport({
    packagePath,
    description: options.description ?? 'Test import',
    submittedBy: options.submittedBy ?? 'admin',
    ...(options.onBehalfOf ? { onBehalfOf: options.onBehalfOf } : {}),
  });
  await runImportJob(job.id, { repositories: app.repositories, config: app.config });
  return app.imports.show(job.id);
}
