import { type QueryExecutorProvider, sql } from 'kysely';
import { ValidationError } from '../../domain/errors.js';
import { getExecutionContext } from '../../shared/context/execution-context.js';
import { getSettings } from '../../shared/settings/core-settings.js';
import { isUuid } from './is-uuid.js';

// Per `Kysely` instance: set by enable/disableRowLevelSecurity, and read before the setting.
const modes = new WeakMap<object, boolean>();

/**
 * Whether the SDK sets `app.company_id` in the transactions it runs on `db`: what
 * {@link useRowLevelSecurity} said for this instance, otherwise
 * `BALTRA_POSTGRES_ROW_LEVEL_SECURITY` (unset: no).
 *
 * @example
 * ```ts
 * if (isRowLevelSecurityOn(db)) await setCompanyForTransaction(trx, companyId);
 * ```
 */
export function isRowLevelSecurityOn(db: object): boolean {
  return modes.get(db) ?? getSettings().postgresRowLevelSecurity ?? false;
}

/**
 * Says whether the SDK sets `app.company_id` on this `Kysely` instance, whatever the setting
 * says (`enableRowLevelSecurity` and `disableRowLevelSecurity` call it).
 *
 * @example
 * ```ts
 * useRowLevelSecurity(db, true);
 * ```
 */
export function useRowLevelSecurity(db: object, on: boolean): void {
  modes.set(db, on);
}

/**
 * The company of the execution context (`runWithContext({ companyId }, …)`), or `undefined`
 * when the work runs for no company. Throws `ValidationError` when it is not a UUID: the
 * policies would fail to compare it, and a typo must not read as "no company".
 *
 * @example
 * ```ts
 * const companyId = contextCompanyId(); // '3f0c…' inside runWithContext({ companyId: '3f0c…' }, …)
 * ```
 */
export function contextCompanyId(): string | undefined {
  return checkedCompanyId(getExecutionContext()?.companyId);
}

/**
 * `companyId` itself when it is `undefined` or a UUID; otherwise a `ValidationError`.
 *
 * @example
 * ```ts
 * checkedCompanyId('not-a-uuid'); // throws ValidationError
 * ```
 */
export function checkedCompanyId(companyId: unknown): string | undefined {
  if (companyId === undefined) return undefined;
  if (typeof companyId === 'string' && isUuid(companyId)) return companyId;
  throw new ValidationError('execution context', [
    {
      code: 'custom',
      path: ['companyId'],
      message: 'must be a UUID (the company whose rows the work may see)',
      input: undefined,
    },
  ]);
}

/**
 * Limits the rest of the transaction to one company's rows: `set_config('app.company_id', $1,
 * true)`, i.e. `SET LOCAL` with the id as a parameter, never spliced into the SQL. The setting
 * ends with the transaction, so a pooled connection never carries it to the next one.
 *
 * @example
 * ```ts
 * await db.transaction().execute(async (trx) => {
 *   await setCompanyForTransaction(trx, companyId);
 *   return trx.selectFrom('candidates').selectAll().execute(); // this company's only
 * });
 * ```
 */
export async function setCompanyForTransaction(
  trx: QueryExecutorProvider,
  companyId: string,
): Promise<void> {
  await sql`select set_config('app.company_id', ${companyId}, true)`.execute(trx);
}
