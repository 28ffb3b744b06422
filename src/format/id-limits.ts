/**
 * The largest id a record can have: ids are 32-bit integer columns on PostgreSQL (SQLite's are
 * wider, but the two databases take the same input). A larger id can name no record, so every
 * shell refuses it as bad input instead of sending it to the database.
 */
export const maxDatabaseId = 2_147_483_647;
