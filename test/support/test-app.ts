import { type App, openApp } from '../../src/app/open-app.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { runImportJob } from '../../src/jobs/job-runner.js';
import { tempDir } from './package-builder.js';

/** A Dovetail with its own data folder and SQLite database, as a fresh installation has. */
export async function openTestApp(
  environment: Record<string, string> = {},
): Promise<App & { dataDir: string }> {
  const dataDir = tempDir('dovetail-data-');
  const app = await openApp({ DOVETAIL_DATA_DIR: dataDir, ...environment });
  return Object.assign(app, { dataDir });
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
