import type { App } from '../app/open-app.js';
import type { BackgroundJobs } from '../jobs/background-jobs.js';

/** What routes get: the services of the app and the jobs running in this process. */
export interface ServerContext {
  app: App;
  jobs: BackgroundJobs;
}
