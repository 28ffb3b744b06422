import type { FieldDefinition } from '../../format/package-format.schema.js';
import type { UserVocabulary } from '../../format/target-definition.js';
import type { Database } from '../database.js';
import type { User } from '../schema.js';

export class UsersRepository {
  constructor(private readonly db: Database) {}

  findByUserName(userName: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('user_name', '=', userName).executeTakeFirst();
  }

  findById(id: number): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every user, by user name: who an administrator may import on behalf of. */
  list(): Promise<Array<Pick<User, 'id' | 'user_name' | 'first_name' | 'last_name' | 'is_admin'>>> {
    return this.db
      .selectFrom('users')
      .select(['id', 'user_name', 'first_name', 'last_name', 'is_admin'])
      .orderBy('user_name')
      .execute();
  }

  async create(user: {
    userName: string;
    firstName?: string;
    lastName?: string;
    isAdmin?: boolean;
  }): Promise<User> {
    return this.db
      .insertInto('users')
      .values({
        user_name: user.userName,
        first_name: user.firstName ?? null,
        last_name: user.lastName ?? null,
        is_admin: user.isAdmin ? 1 : 0,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The categories, custom fields and user fields a target definition lists for this user. */
  async vocabularyOf(userId: number): Promise<UserVocabulary> {
    const categories = await this.db
      .selectFrom('user_categories')
      .select('name')
      .where('user_id', '=', userId)
      .orderBy('name')
      .execute();
    const fields = await this.db
      .selectFrom('user_field_definitions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('name')
      .execute();
    const toDefinition = (row: (typeof fields)[number]): FieldDefinition => ({
      name: row.name,
      type: row.type as FieldDefinition['type'],
      ...(row.options ? { options: JSON.parse(row.options) as string[] } : {}),
    });
    return {
      categories: categories.map((row) => row.name),
      customFields: fields.filter((row) => row.scope === 'custom').map(toDefinition),
      userFields: fields.filter((row) => row.scope === 'user').map(toDefinition),
    };
  }

  async replaceVocabulary(userId: number, vocabulary: UserVocabulary): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('user_categories').where('user_id', '=', userId).execute();
      await trx.deleteFrom('user_field_definitions').where('user_id', '=', userId).execute();
      if (vocabulary.categories.length > 0) {
        await trx
          .insertInto('user_categories')
          .values(vocabulary.categories.map((name) => ({ user_id: userId, name })))
          .execute();
      }
      const fields = [
        ...vocabulary.customFields.map((field) => ({ scope: 'custom' as const, field })),
        ...vocabulary.userFields.map((field) => ({ scope: 'user' as const, field })),
      ];
      if (fields.length > 0) {
        await trx
          .insertInto('user_field_definitions')
          .values(
            fields.map(({ scope, field }) => ({
              user_id: userId,
              scope,
              name: field.name,
              type: field.type,
              options: field.options ? JSON.stringify(field.options) : null,
            })),
          )
          .execute();
      }
    });
  }
}
