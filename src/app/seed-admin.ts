import type { AuthService } from '../auth/auth-service.js';
import { randomSecret } from '../auth/secrets.js';
import type { Config } from '../config/config.js';
import type { Repositories } from '../db/repositories/index.js';
import { sampleVocabulary } from '../sample/sample-vocabulary.js';

export interface AdminSeedResult {
  /** A password generated on this start: shown once (by `dovetail serve`), stored only as a hash. */
  generatedPassword?: string;
}

/**
 * A new installation gets an administrator whose vocabulary (categories, custom and user
 * fields) matches the shipped examples, so the example packages import out of the box.
 * An administrator without a password gets DOVETAIL_ADMIN_PASSWORD, or, when the caller asks
 * (the server, whose start is where a person reads it), a generated one that is returned.
 */
export async function ensureAdminUser(
  repositories: Repositories,
  config: Config,
  auth: AuthService,
  options: { generatePassword?: boolean } = {},
): Promise<AdminSeedResult> {
  if (!(await repositories.users.findByUserName(config.adminUserName))) {
    try {
      const admin = await repositories.users.create({
        userName: config.adminUserName,
        firstName: 'System',
        lastName: 'Administrator',
        isAdmin: true,
      });
      await repositories.users.replaceVocabulary(admin.id, sampleVocabulary);
    } catch (error) {
      // Two processes starting at once both try; the loser finds the admin the winner created.
      if (!(await repositories.users.findByUserName(config.adminUserName))) throw error;
    }
  }
  const admin = await repositories.users.findByUserName(config.adminUserName);
  if (!admin || admin.password_hash !== null) return {};
  if (config.adminPassword) {
    await auth.setPassword(config.adminUserName, config.adminPassword);
    return {};
  }
  if (!options.generatePassword) return {};
  const generatedPassword = randomSecret(18);
  await auth.setPassword(config.adminUserName, generatedPassword);
  return { generatedPassword };
}
