import { MissingPeerDependencyError } from './missing-peer-dependency-error.js';

/**
 * Loads an optional peer dependency with a dynamic `import()`, so that nothing is loaded until
 * an adapter actually needs it. When the package itself is not installed, throws
 * {@link MissingPeerDependencyError} naming it; any other failure (a broken install, a missing
 * transitive dependency, an error thrown while the module evaluates) is rethrown unchanged.
 *
 * @param packageName the bare specifier to import, e.g. `pg`.
 * @param feature what the package is needed for, e.g. `PostgreSQL connections`.
 * @param entryPoint the SDK entry point that needs it, e.g. `@baltra/sdk/postgres`.
 *
 * @example
 * ```ts
 * const pg = await loadOptionalPeer<typeof import('pg')>('pg', 'PostgreSQL connections', '@baltra/sdk/postgres');
 * const pool = new pg.Pool({ connectionString });
 * ```
 */
export async function loadOptionalPeer<T>(
  packageName: string,
  feature: string,
  entryPoint = '@baltra/sdk',
): Promise<T> {
  try {
    return (await import(packageName)) as T;
  } catch (error) {
    if (isMissingPackage(error, packageName)) {
      throw new MissingPeerDependencyError(packageName, feature, entryPoint, { cause: error });
    }
    throw error;
  }
}

const NOT_FOUND_CODES: ReadonlySet<unknown> = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/** True only when the error says that `packageName` itself cannot be found. */
function isMissingPackage(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (!NOT_FOUND_CODES.has(code) || typeof message !== 'string') return false;
  // Node quotes the specifier it could not resolve: "Cannot find package 'pg' imported from …".
  return [`'${packageName}'`, `"${packageName}"`].some((quoted) => message.includes(quoted));
}
