import type { FunnelFilter } from '../domain/models/funnel-buckets.js';
import type { FunnelStage } from '../domain/models/funnel-stage.js';
import type { UnitOfWork } from '../domain/ports/unit-of-work.js';
import { FunnelService } from '../domain/services/funnel-service.js';
import { warnDeprecated } from './warn-deprecated.js';

/**
 * @deprecated Use `(await new FunnelService(repos).buckets(companyId, filter)).counts`
 * inside `uow.run`. The dashboard folder's per-stage counts: every stage, zeros included,
 * counted by the store. Like that helper, it counts zeros for an unknown company; its
 * replacement throws `NOT_FOUND` (ADR 0025).
 *
 * @example
 * ```ts
 * const counts = await getStageCounts(uow, companyId); // warns once: BALTRA_DEP012
 * counts.screening; // 42
 * ```
 */
export async function getStageCounts(
  unitOfWork: UnitOfWork,
  companyId: string,
  filter: FunnelFilter = {},
): Promise<Readonly<Record<FunnelStage, number>>> {
  warnDeprecated('BALTRA_DEP012', 'getStageCounts()', 'FunnelService.buckets().counts');
  // The candidate repository alone keeps the old helper's zeros for an unknown company.
  const buckets = await unitOfWork.run(({ candidates }) =>
    new FunnelService(candidates).buckets(companyId, filter),
  );
  return buckets.counts;
}
