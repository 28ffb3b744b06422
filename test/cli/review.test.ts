import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

const goodPackage = path.join(repoRoot, 'examples/northwind-good.zip');

describe('dovetail review', () => {
  it('creates the unmatched contacts of a name in bulk, processes, asks before discarding the rest, completes, reports and undoes', async () => {
    const env = { DOVETAIL_DATA_DIR: tempDir(), DATABASE_URL: '' };
    const cli = async (...args: string[]) => {
      const result = await runCli(args, env);
      return { ...result, json: () => JSON.parse(result.stdout) };
    };
    expect((await cli('import', goodPackage, '--description', 'Northwind', '--wait')).code).toBe(0);

    const bulk = await cli(
      'review',
      'bulk',
      '1',
      '--no-match',
      '--name',
      'an',
      '--action',
      'create',
      '--json',
    );
    expect(bulk.code, bulk.stderr).toBe(0);
    const { updated } = bulk.json();
    expect(updated).toBeGreaterThan(0);
    const listed = (await cli('review', 'list', '1', '--action', 'create', '--limit', '1', '--json')).json();
    expect(listed.total).toBe(updated);
    const shown = (await cli('review', 'show', '1', String(listed.items[0].id), '--json')).json();
    expect(shown.collections.communications.length).toBeGreaterThan(0);

    const processed = await cli('review', 'process', '1', '--wait', '--json');
    expect(processed.json()).toMatchObject({ stage: 'Review Match Results', status: 'Waiting for User' });

    const unconfirmed = await cli('review', 'complete', '1', '--wait');
    expect(unconfirmed.code).toBe(6);
    expect(unconfirmed.stderr).toContain(`${340 - updated} staged contacts have not been processed`);
    const completed = await cli('review', 'complete', '1', '--wait', '--yes', '--json');
    expect(completed.json()).toMatchObject({ stage: 'Completed', status: 'Completed' });

    const report = (await cli('review', 'report', '1', '--json')).json();
    expect(report.totals).toMatchObject({
      staged: 340,
      created: updated,
      discardedAtCompletion: 340 - updated,
    });
    expect(report.contactList).toMatchObject({ name: 'Northwind', size: updated });
    const csv = await cli('review', 'report', '1', '--csv');
    expect(csv.stdout).toContain(`Created Contacts,${updated}\r\n`);
    // Every staged contact with what it became follows the totals.
    const lines = csv.stdout.split('\r\n');
    expect(lines.filter((line) => line.endsWith(',Not processed (discarded at completion),'))).toHaveLength(
      340 - updated,
    );
    expect(lines.filter((line) => /,Created,\d+$/.test(line))).toHaveLength(updated);

    const undone = (await cli('review', 'undo', '1', '--json')).json();
    expect(undone).toMatchObject({ contactsDeleted: updated, contactsRestored: 0 });
    expect((await cli('review', 'undo', '1')).code).toBe(6);
  });
});
