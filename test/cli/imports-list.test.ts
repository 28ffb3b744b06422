import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/open-app.js';
import type { ImportJob } from '../../src/jobs/import-job.js';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/package-builder.js';

describe('dovetail imports list', () => {
  it('sorts and pages like the API, saying how many there are in all', async () => {
    const env = { DOVETAIL_DATA_DIR: path.join(tempDir(), 'data'), DATABASE_URL: '' };
    const app = await openApp(env);
    const admin = (await app.repositories.users.findByUserName('admin'))!;
    for (const [day, description] of ['Charlie', 'Alpha', 'Bravo'].entries()) {
      await app.repositories.importJobs.create(
        {
          description,
          packageName: 'p.zip',
          packagePath: '/nowhere/p.zip',
          packageBytes: 1,
          onBehalfOfUserId: admin.id,
          submittedByUserId: admin.id,
        },
        new Date(Date.UTC(2026, 10, day + 1)),
      );
    }
    await app.close();

    const list = async (...args: string[]) => {
      const result = await runCli(['imports', 'list', ...args, '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      return (JSON.parse(result.stdout) as ImportJob[]).map((job) => job.description);
    };
    expect(await list()).toEqual(['Bravo', 'Alpha', 'Charlie']);
    expect(await list('--sort', 'description', '--page-size', '2', '--page', '2')).toEqual(['Charlie']);
    expect(await list('--sort', 'created', '--order', 'asc', '--until', '2026-11-03')).toEqual([
      'Charlie',
      'Alpha',
    ]);

    const human = await runCli(['imports', 'list', '--page-size', '1'], env);
    expect(human.stdout).toContain('(1 of 3; see --page)');
    const wrong = await runCli(['imports', 'list', '--sort', 'size'], env);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Unknown sort key "size"');
  });
});
