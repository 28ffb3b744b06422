import type { Command } from 'commander';
import { openApp } from '../../app/open-app.js';
import { DovetailError } from '../../errors/dovetail-error.js';
import { createServer } from '../../http/create-server.js';
import { createJobDispatcher } from '../../jobs/job-dispatcher.js';
import { listenForStoredNotifications } from '../../jobs/live-notifications.js';
import { stopOnSignal } from '../stop-on-signal.js';

/**
 * `dovetail serve`: the HTTP API. Imports run in this process (DOVETAIL_JOB_RUNNER=in-process,
 * the SQLite default) or in `dovetail worker` processes (workers, the PostgreSQL default).
 */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the web UI and the HTTP API (PORT, default 3000; HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on', process.env.HOST ?? '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new DovetailError('INVALID_ARGUMENT', `"${options.port}" is not a port number`);
      }
      const app = await openApp(process.env, { generateAdminPassword: true });
      const jobs = createJobDispatcher(app, 'server');
      const stopListening = await listenForStoredNotifications(app);
      const server = await createServer({ app, jobs }, { logger: process.env.DOVETAIL_HTTP_LOG === '1' });
      if (app.generatedAdminPassword) {
        process.stdout.write(
          `Administrator "${app.config.adminUserName}" created with the password: ${app.generatedAdminPassword}\n` +
            'It is shown this once; change it with: dovetail users passwd ' +
            `${app.config.adminUserName}\n`,
        );
      }
      jobs.resumeInterrupted();
      // Listening for the signal before saying "listening": a SIGTERM right after that line stops cleanly.
      const stopRequested = stopOnSignal();
      const address = await server.listen({ port, host: options.host });
      process.stdout.write(`Dovetail listening on ${address} (the web UI at /, the API under /api)\n`);
      if (app.config.jobRunner === 'workers') {
        process.stdout.write(
          'Imports are run by `dovetail worker` processes (DOVETAIL_JOB_RUNNER=workers).\n',
        );
      }
      await stopRequested;
      process.stdout.write('Stopping: no new requests...\n');
      await server.close();
      await stopListening();
      if (jobs.count > 0) {
        // Their last committed batch is safe; the next `serve` or `jobs resume` continues them.
        process.stdout.write(`${jobs.count} import(s) still running will be resumed on the next start.\n`);
        process.exit(0);
      }
      await app.close();
    });
}
