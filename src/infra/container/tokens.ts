import type { ServiceIdentifier } from 'inversify';
import type { Kysely } from 'kysely';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import type { Logger } from '../../shared/logging/logger.js';
import type { CoreSettings } from '../../shared/settings/core-settings.js';
import type { BaltraDatabase } from '../postgres/database-schema.js';
import type { TransactionalFunnelService } from './transactional-funnel-service.js';

/**
 * Explicit service identifiers of the composition root. Bind or rebind them in
 * `bootstrap({ configure })`; resolve them with `app.get(TOKENS.X)`.
 *
 * @example
 * ```ts
 * const app = await bootstrap();
 * const funnel = app.get(TOKENS.FunnelService);
 * ```
 */
export const TOKENS = {
  Settings: Symbol.for('@baltra/sdk/Settings') as ServiceIdentifier<CoreSettings>,
  Logger: Symbol.for('@baltra/sdk/Logger') as ServiceIdentifier<Logger>,
  /** Only bound when the app uses a SQL database (PGlite or PostgreSQL). */
  Database: Symbol.for('@baltra/sdk/Database') as ServiceIdentifier<Kysely<BaltraDatabase>>,
  UnitOfWork: Symbol.for('@baltra/sdk/UnitOfWork') as ServiceIdentifier<UnitOfWork>,
  FunnelService: Symbol.for(
    '@baltra/sdk/FunnelService',
  ) as ServiceIdentifier<TransactionalFunnelService>,
} as const;
