import type { Candidate } from '../../domain/models/candidate.js';
import type { FunnelBuckets, FunnelFilter } from '../../domain/models/funnel-buckets.js';
import type { UnitOfWork } from '../../domain/ports/unit-of-work.js';
import {
  FunnelService,
  type FunnelServiceOptions,
  type MoveCandidateCommand,
} from '../../domain/services/funnel-service.js';

/**
 * `FunnelService` with each call in its own unit of work: what the container hands out,
 * for callers that do not compose several use cases in one transaction. `buckets` of an
 * unknown company throws `NOT_FOUND`, as the service does.
 *
 * @example
 * ```ts
 * const funnel = app.get(TOKENS.FunnelService);
 * const buckets = await funnel.buckets(companyId);
 * ```
 */
export class TransactionalFunnelService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly options: FunnelServiceOptions = {},
  ) {}

  buckets(companyId: string, filter?: FunnelFilter): Promise<FunnelBuckets> {
    return this.unitOfWork.run((repositories) =>
      new FunnelService(repositories, this.options).buckets(companyId, filter),
    );
  }

  moveCandidate(command: MoveCandidateCommand): Promise<Candidate> {
    return this.unitOfWork.run((repositories) =>
      new FunnelService(repositories, this.options).moveCandidate(command),
    );
  }
}
