import { type BaltraErrorOptions, InfrastructureError } from '../../domain/errors.js';

/**
 * An adapter needs an optional peer dependency that is not installed. The message names the
 * package and the command that installs it; `context.packageName` holds the package name.
 *
 * @example
 * ```ts
 * try { await openPostgres({ connectionString }); }
 * catch (error) {
 *   if (error instanceof MissingPeerDependencyError) console.error(error.message); // … npm install pg
 *   throw error;
 * }
 * ```
 */
export class MissingPeerDependencyError extends InfrastructureError {
  readonly packageName: string;

  constructor(
    packageName: string,
    feature: string,
    entryPoint = '@baltra/sdk',
    options: BaltraErrorOptions = {},
  ) {
    super(
      `${entryPoint} needs the optional peer dependency "${packageName}" for ${feature}: npm install ${packageName}`,
      {
        ...options,
        code: 'MISSING_PEER_DEPENDENCY',
        context: { packageName, feature, entryPoint, ...options.context },
      },
    );
    this.packageName = packageName;
  }
}
