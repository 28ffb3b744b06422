import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackedStrings } from '../../src/pipeline/parse/packed-strings.js';
import { tempDir } from '../support/package-builder.js';

const texts = Array.from({ length: 5000 }, (_, index) =>
  index % 11 === 0 ? '' : `${index} Müller 東京 🙂 ${'x'.repeat(index % 50)}`,
);

describe('a packed list of strings', () => {
  it('gives back every string as it was pushed, held in memory under its bound', () => {
    const spill = path.join(tempDir(), 'strings.bin');
    const strings = new PackedStrings(spill, 10 * 1024 ** 2);
    for (const text of texts) strings.push(text);
    strings.finish();
    expect(strings.length).toBe(texts.length);
    expect(Array.from({ length: texts.length }, (_, index) => strings.get(index))).toEqual(texts);
    expect(fs.existsSync(spill)).toBe(false);
    strings.close();
  });

  it('moves its bytes to a file past its bound and reads them back by offset', () => {
    const spill = path.join(tempDir(), 'strings.bin');
    const strings = new PackedStrings(spill, 4096);
    for (const text of texts) strings.push(text);
    strings.finish();
    // The first strings stay in memory, the rest is on disk.
    expect(fs.statSync(spill).size).toBeGreaterThan(strings.totalBytes - 4096);
    expect(fs.statSync(spill).size).toBeLessThan(strings.totalBytes);
    expect(strings.totalBytes).toBe(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    // Read out of order, as a sheet refers to its strings.
    for (const index of [4999, 0, 1, 2500, 11, 4096, 3, 4998, 2501])
      expect(strings.get(index)).toBe(texts[index]);
    expect(Array.from({ length: texts.length }, (_, index) => strings.get(index))).toEqual(texts);
    expect(strings.get(5000)).toBeUndefined();
    expect(strings.get(-1)).toBeUndefined();
    strings.close();
  });

  it('reads back a spilled string longer than its read window', () => {
    const strings = new PackedStrings(path.join(tempDir(), 'strings.bin'), 16);
    const long = 'ü'.repeat(1024 ** 2);
    for (const text of ['short', long, 'after']) strings.push(text);
    strings.finish();
    expect([strings.get(2), strings.get(1), strings.get(0)]).toEqual(['after', long, 'short']);
    strings.close();
  });
});
