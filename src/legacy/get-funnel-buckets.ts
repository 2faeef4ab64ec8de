import type { FunnelBuckets } from '../domain/models/funnel-buckets.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { FunnelService } from '../domain/services/funnel-service.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `new FunnelService(candidates).buckets(companyId)` inside `uow.run`, or
 * `app.get(TOKENS.FunnelService).buckets(companyId)`. The dashboard folder's funnel helper.
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
  return unitOfWork.run(({ candidates }) => new FunnelService(candidates).buckets(companyId));
}
