import type { Database } from '../database.js';

/**
 * Contact lists (Complete Import makes one per import, named by its description). Who may open a
 * list is decided here; which of its members a user sees, by the contact search's visibility.
 */
export class ContactListsRepository {
  constructor(private readonly db: Database) {}

  /** Contact lists, newest first: every one for an administrator, else the viewer's own. */
  list(viewer: { id: number; isAdmin: boolean }, listId?: number) {
    let query = this.db
      .selectFrom('contact_lists')
      .innerJoin('users', 'users.id', 'contact_lists.owner_user_id')
      .select([
        'contact_lists.id',
        'contact_lists.name',
        'contact_lists.job_id',
        'contact_lists.created_at',
        'users.user_name as owner_user_name',
      ])
      .orderBy('contact_lists.created_at', 'desc')
      .orderBy('contact_lists.id', 'desc');
    if (!viewer.isAdmin) query = query.where('contact_lists.owner_user_id', '=', viewer.id);
    if (listId !== undefined) query = query.where('contact_lists.id', '=', listId);
    return query.execute();
  }
}
