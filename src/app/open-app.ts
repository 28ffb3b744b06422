/**
 * Wires configuration, database, repositories and services. Every shell (CLI, server, worker)
 * starts here, so they all see the same system.
 */
import { AuthService } from '../auth/auth-service.js';
import { type Config, loadConfig } from '../config/config.js';
import { ContactService } from '../contacts/contact-service.js';
import { type Database, openDatabase } from '../db/database.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { DefinitionService } from '../jobs/definition-service.js';
import { ImportService } from '../jobs/import-service.js';
import { NotificationService } from '../jobs/notification-service.js';
import { backgroundStages } from '../jobs/stages.js';
import { ImportFlowService } from '../pipeline/review/import-flow-service.js';
import { ReviewService } from '../pipeline/review/review-service.js';
import { TeamService } from '../teams/team-service.js';
import { ensureAdminUser } from './seed-admin.js';

export interface App {
  config: Config;
  db: Database;
  repositories: Repositories;
  imports: ImportService;
  auth: AuthService;
  notifications: NotificationService;
  definitions: DefinitionService;
  contacts: ContactService;
  teams: TeamService;
  review: ReviewService;
  importFlow: ImportFlowService;
  /** Set when this start generated the administrator's password (see openApp's options). */
  generatedAdminPassword: string | undefined;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  /** Generate a password for an administrator who has none (the server does; CLI commands do not). */
  generateAdminPassword?: boolean;
}

export async function openApp(
  environment: NodeJS.ProcessEnv = process.env,
  options: OpenAppOptions = {},
): Promise<App> {
  const config = loadConfig(environment);
  const connection = await openDatabase(config);
  const { db } = connection;
  const repositories = createRepositories(connection);
  const auth = new AuthService(repositories);
  const seed = await ensureAdminUser(repositories, config, auth, {
    generatePassword: options.generateAdminPassword ?? false,
  });
  const notifications = new NotificationService(repositories);
  return {
    config,
    db,
    repositories,
    imports: new ImportService(repositories, config, notifications),
    auth,
    notifications,
    definitions: new DefinitionService(repositories),
    contacts: new ContactService(repositories),
    teams: new TeamService(repositories),
    review: new ReviewService(repositories),
    importFlow: new ImportFlowService(repositories, (stage) => backgroundStages[stage] !== undefined),
    generatedAdminPassword: seed.generatedPassword,
    close: () => connection.close(),
  };
}
