import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';

/** Migrations are listed here rather than discovered on disk, so the compiled build carries them. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return { '0001-initial': initial };
  },
};
