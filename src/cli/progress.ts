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

/** A progress bar of things done out of a total (e.g. contacts), on a terminal; else nothing. */
export function createCountProgressReporter(enabled: boolean, label: string, unit: string) {
  if (!enabled) return { update: (_done: number, _total: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% | {value}/{total} ${unit} | ETA {eta_formatted}`,
      hideCursor: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      // Things added while the command runs are done too: the total grows rather than overflows.
      const shown = Math.max(total, done);
      if (!started) {
        bar.start(shown, 0);
        started = true;
      }
      bar.setTotal(shown);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
