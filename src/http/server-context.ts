import type { App } from '../app/open-app.js';
import type { JobDispatcher } from '../jobs/job-dispatcher.js';

/** What routes get: the services of the app and where background stages of jobs are started. */
export interface ServerContext {
  app: App;
  jobs: JobDispatcher;
}
