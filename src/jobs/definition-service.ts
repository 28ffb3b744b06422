/**
 * "Generate Definition File": the target definition a package for a user is built against.
 * The CLI (`dovetail definition`) and the API (GET /api/users/:userName/definition) both call
 * this, so the file they produce cannot drift apart.
 */
import type { Repositories } from '../db/repositories/index.js';
import { DovetailError } from '../errors/dovetail-error.js';
import type { TargetDefinition } from '../format/package-format.schema.js';
import { buildTargetDefinition, targetDefinitionFileName } from '../format/target-definition.js';

export interface DefinitionFile {
  /** "<First> <Last> Import Definition.json" */
  fileName: string;
  definition: TargetDefinition;
}

/** Who asks for a definition: users may get their own, administrators anyone's. */
export interface DefinitionRequester {
  userName: string;
  isAdmin: boolean;
}

export class DefinitionService {
  constructor(private readonly repositories: Repositories) {}

  /** The definition for this user, with their categories, custom fields and user fields. */
  async forUser(userName: string): Promise<DefinitionFile> {
    const user = await this.repositories.users.findByUserName(userName);
    if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
    const owner = { userName: user.user_name, firstName: user.first_name, lastName: user.last_name };
    return {
      fileName: targetDefinitionFileName(owner),
      definition: buildTargetDefinition(owner, await this.repositories.users.vocabularyOf(user.id)),
    };
  }

  /** As forUser, for a requester who may only get another user's definition as an administrator. */
  forUserAskedBy(requester: DefinitionRequester, userName: string): Promise<DefinitionFile> {
    if (requester.userName !== userName && !requester.isAdmin) {
      throw new DovetailError(
        'NOT_ALLOWED',
        `Only administrators can get another user's definition (${requester.userName} is not one)`,
      );
    }
    return this.forUser(userName);
  }
}
