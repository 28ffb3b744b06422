import type { Config } from '../config/config.js';
import type { Repositories } from '../db/repositories/index.js';
import { sampleVocabulary } from '../sample/sample-vocabulary.js';

/**
 * A new installation gets an administrator whose vocabulary (categories, custom and user
 * fields) matches the shipped examples, so the example packages import out of the box.
 */
export async function ensureAdminUser(repositories: Repositories, config: Config): Promise<void> {
  if (await repositories.users.findByUserName(config.adminUserName)) return;
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
