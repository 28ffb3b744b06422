import { describe, expect, it } from 'vitest';
import { formatDuration, type JobProgress, progressFigures } from '../../web/src/imports/progress.js';

const startedAt = '2026-11-25T10:00:00.000Z';
const tenSecondsLater = Date.parse(startedAt) + 10_000;

function running(rowsRead: number, bytesDone: number, totalBytes: number): JobProgress {
  return { status: 'Running', startedAt, counts: { rowsRead }, progress: { bytesDone, totalBytes } };
}

describe('the progress of a running import in Import Processes', () => {
  it('tells the rows per second since the start and the time left at that pace', () => {
    expect(progressFigures(running(50_000, 25, 100), tenSecondsLater)).toEqual({
      rowsPerSecond: 5_000,
      secondsLeft: 30,
    });
  });

  it('tells nothing before the first bytes are read, or once the job has ended', () => {
    expect(progressFigures(running(0, 0, 100), tenSecondsLater)).toEqual({
      rowsPerSecond: null,
      secondsLeft: null,
    });
    expect(progressFigures({ ...running(10, 100, 100), status: 'Completed' }, tenSecondsLater)).toEqual({
      rowsPerSecond: null,
      secondsLeft: null,
    });
  });

  it('says durations as a person reads them', () => {
    expect(formatDuration(4.2)).toBe('5 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
    expect(formatDuration(7_380)).toBe('2 h 3 min');
  });
});
