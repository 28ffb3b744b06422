import cliProgress from 'cli-progress';
import type { ImportJob } from '../jobs/import-job.js';

/** A progress bar on a terminal; nothing at all when output goes to a file or a script. */
export function createProgressReporter(enabled: boolean) {
  if (!enabled) return { update: (_job: ImportJob) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'Loading |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const startedAt = Date.now();
  let started = false;
  return {
    update(job: ImportJob) {
      if (!started) {
        bar.start(100, 0, { rows: 0, rate: 0 });
        started = true;
      }
      const seconds = Math.max(0.001, (Date.now() - startedAt) / 1000);
      bar.update(job.progress.percent, {
        rows: job.counts.rowsRead,
        rate: Math.round(job.counts.rowsRead / seconds),
      });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
