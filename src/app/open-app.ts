/**
 * Wires configuration, database, repositories and services. Every shell (CLI, server, worker)
 * starts here, so they all see the same system.
 */
import { type Config, loadConfig } from '../config/config.js';
import { type Database, openDatabase } from '../db/database.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { ImportService } from '../jobs/import-service.js';
import { ensureAdminUser } from './seed-admin.js';

export interface App {
  config: Config;
  db: Database;
  repositories: Repositories;
  imports: ImportService;
  close(): Promise<void>;
}

export async function openApp(environment: NodeJS.ProcessEnv = process.env): Promise<App> {
  const config = loadConfig(environment);
  const connection = await openDatabase(config);
  const { db } = connection;
  const repositories = createRepositories(connection);
  await ensureAdminUser(repositories, config);
  return {
    config,
    db,
    repositories,
    imports: new ImportService(repositories, config),
    close: () => connection.close(),
  };
}
