/**
 * scripts/check-layers.js (run by `npm run lint`) is how the layering is verified: these tests
 * give it small source trees and check that it refuses every form of upward import — the data
 * layer importing from the stages above all — and the mapping tool importing sample data.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

const script = path.join(repoRoot, 'scripts/check-layers.js');

/** Runs the check over a tree of src/ files (path → text); its exit code and what it printed. */
function checkTree(files: Record<string, string>) {
  const root = tempDir('dovetail-layers-');
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, 'src', file)), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', file), text);
  }
  const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  fs.rmSync(root, { recursive: true, force: true });
  return { code: run.status, stderr: run.stderr };
}

const stage = { 'pipeline/match/profile.ts': 'export type MatchProfile = { key: string };\n' };

describe('the layer check', () => {
  it.each([
    ['a value', "import { storedProfileText } from '../pipeline/match/profile.js';"],
    ['a type only', "import type { MatchProfile } from '../pipeline/match/profile.js';"],
    ['over several lines', "import {\n  type MatchProfile,\n} from '../pipeline/match/profile.js';"],
    ['a re-export', "export type { MatchProfile } from '../pipeline/match/profile.js';"],
    ['a side effect', "import '../pipeline/match/profile.js';"],
    ['a dynamic import', "const stage = await import('../pipeline/match/profile.js');"],
  ])('refuses src/db importing from src/pipeline: %s', (_, line) => {
    const result = checkTree({ ...stage, 'db/contacts.ts': `${line}\nexport const x = 1;\n` });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`src/db/contacts.ts -> src/pipeline/match/profile.ts`);
  });

  it('accepts imports that point down: a stage using the data layer, the data layer using the format', () => {
    const result = checkTree({
      'format/fold.ts': 'export const fold = (s: string) => s;\n',
      'db/contacts.ts':
        "import { fold } from '../format/fold.js';\nimport 'node:fs';\nexport const y = fold;\n",
      'pipeline/match/stage.ts': "import { y } from '../../db/contacts.js';\nexport const z = y;\n",
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it('refuses the mapping tool importing the sample generator, and accepts the package writer', () => {
    const sample = { 'sample/csv-file-writer.ts': 'export class CsvFileWriter {}\n' };
    const writer = { 'package-writer/csv-file-writer.ts': 'export class CsvFileWriter {}\n' };
    const refused = checkTree({
      ...sample,
      'mapping-tool/write.ts': "import { CsvFileWriter } from '../sample/csv-file-writer.js';\n",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('src/mapping-tool/write.ts -> src/sample/csv-file-writer.ts');
    const accepted = checkTree({
      ...writer,
      'mapping-tool/write.ts': "import { CsvFileWriter } from '../package-writer/csv-file-writer.js';\n",
      'sample/write.ts': "import { CsvFileWriter } from '../package-writer/csv-file-writer.js';\n",
    });
    expect(accepted).toEqual({ code: 0, stderr: '' });
  });

  it('passes on this repository', () => {
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
