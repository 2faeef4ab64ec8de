import type { Kysely } from 'kysely';

/**
 * The `Kysely` instances `openPglite` created, each with the object that identifies its PGlite
 * instance (the client passed in, or the `Kysely` itself when `openPglite` created the client),
 * so that `createLockManager` knows them without a query and gives every `Kysely` over one
 * PGlite instance the same in-process lock table.
 *
 * @example
 * ```ts
 * PGLITE_DATABASES.set(db, client);
 * PGLITE_DATABASES.get(db); // client
 * ```
 */
export const PGLITE_DATABASES = new WeakMap<Kysely<never>, object>();
