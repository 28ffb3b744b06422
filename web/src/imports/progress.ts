/** What the figures need of an import job (ImportJob of the API has all of it). */
export interface JobProgress {
  status: string;
  startedAt: string | null;
  counts: { rowsRead: number };
  progress: { bytesDone: number; totalBytes: number };
}

export interface ProgressFigures {
  /** Rows read per second since the job started. */
  rowsPerSecond: number | null;
  /** Estimated from the bytes still to read at the pace so far. */
  secondsLeft: number | null;
}

/** Rate and time left of a running job, from its progress; null where it cannot be told yet. */
export function progressFigures(job: JobProgress, now: number = Date.now()): ProgressFigures {
  if (job.status !== 'Running' || !job.startedAt) return { rowsPerSecond: null, secondsLeft: null };
  const elapsedSeconds = (now - Date.parse(job.startedAt)) / 1000;
  const { bytesDone, totalBytes } = job.progress;
  if (elapsedSeconds <= 0 || bytesDone <= 0) return { rowsPerSecond: null, secondsLeft: null };
  return {
    rowsPerSecond: job.counts.rowsRead / elapsedSeconds,
    secondsLeft: Math.max(0, (elapsedSeconds * (totalBytes - bytesDone)) / bytesDone),
  };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatDateTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '';
}
