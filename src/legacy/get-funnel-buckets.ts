import type { FunnelBuckets } from '../domain/models/funnel-buckets.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { FunnelService } from '../domain/services/funnel-service.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `new FunnelService(repos).buckets(companyId)` inside `uow.run`, or
 * `app.get(TOKENS.FunnelService).buckets(companyId)`. The dashboard folder's funnel helper.
 * Like that helper, it counts zeros for an unknown company; its replacement throws
 * `NOT_FOUND` (ADR 0025).
 *
 * @example
 * ```ts
 * const buckets = await getFunnelBuckets(uow, companyId); // warns once: BALTRA_DEP002
 * ```
 */
export function getFunnelBuckets(
  unitOfWork: UnitOfWork,
  companyId: string,
): Promise<FunnelBuckets> {
  warnDeprecated('BALTRA_DEP002', 'getFunnelBuckets()', 'FunnelService.buckets()');
  // The candidate repository alone, on purpose: it does not check the company, which keeps
  // the old helper's zeros for an unknown one (the shim's contract; see docs/migration.md).
  return unitOfWork.run(({ candidates }) => new FunnelService(candidates).buckets(companyId));
}
