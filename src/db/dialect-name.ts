/** The databases Dovetail runs on: embedded SQLite, or PostgreSQL for scale-out. */
export type DialectName = 'sqlite' | 'postgres';
