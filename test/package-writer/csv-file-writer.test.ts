import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvFileWriter } from '../../src/package-writer/csv-file-writer.js';

/** Resolves once the file holds `bytes` bytes (it is opened, then written, in the background). */
async function writtenOut(file: string, bytes: number): Promise<void> {
  const size = () => (fs.existsSync(file) ? fs.statSync(file).size : 0);
  while (size() < bytes) await new Promise((resolve) => setTimeout(resolve, 5));
  // The stream's 'drain' follows the write's completion on a later turn.
  await new Promise((resolve) => setImmediate(resolve));
}

describe('CsvFileWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-writer-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drains writers one after the other, though some drained while another was awaited', async () => {
    // As the sample package and the mapping tool do: every file's writer drained in turn. A writer
    // whose queue emptied while the one before it was awaited must not be waited for again.
    const writers = ['a.csv', 'b.csv', 'c.csv'].map(
      (name) => new CsvFileWriter(path.join(dir, name), ['value']),
    );
    const row = ['x'.repeat(1000)];
    for (const writer of writers) {
      while (!writer.needsDrain) writer.writeRow(row);
    }
    // Each writer handed its stream one buffer of nearly 64 KiB (up to the row that did not fit),
    // which filled the queue. Every queue has emptied (and said so) before anyone waits for it.
    for (const writer of writers) await writtenOut(writer.path, 64 * 1024 - 1001);
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('a drain that never came'), 5_000);
    });
    try {
      const drained = (async () => {
        for (const writer of writers) await writer.drain();
        return 'drained';
      })();
      expect(await Promise.race([drained, stuck])).toBe('drained');
    } finally {
      clearTimeout(timer);
    }
    for (const writer of writers) await writer.close();
    for (const writer of writers) {
      expect(fs.statSync(writer.path).size).toBe(writer.bytes);
      expect(fs.readFileSync(writer.path, 'utf8').split('\n')).toHaveLength(writer.rows + 2);
    }
  });
});
