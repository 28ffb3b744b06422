import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { MappingWorkspaces } from '../../src/mapping-tool/mapping-workspaces.js';
import { tempDir } from '../support/package-builder.js';

describe('mapping workspaces', () => {
  it('removes workspaces older than a day when a new one opens, and keeps the others', async () => {
    const root = tempDir();
    const workspaces = new MappingWorkspaces(root, loadConfig({}).archive);
    const old = await workspaces.open();
    const recent = await workspaces.open();
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    fs.utimesSync(path.dirname(old.folder), twoDaysAgo, twoDaysAgo);
    const fresh = await workspaces.open();
    expect(fs.readdirSync(root).sort()).toEqual([recent.id, fresh.id].sort());
  });

  it('refuses an id that is not one of its workspaces', async () => {
    const workspaces = new MappingWorkspaces(tempDir(), loadConfig({}).archive);
    const user = { userName: 'admin', isAdmin: true };
    await expect(workspaces.discard('../../etc', user)).rejects.toMatchObject({
      code: 'MAPPING_UPLOAD_NOT_FOUND',
    });
    await expect(workspaces.discard('00000000-0000-0000-0000-000000000000', user)).rejects.toMatchObject({
      code: 'MAPPING_UPLOAD_NOT_FOUND',
    });
  });
});
