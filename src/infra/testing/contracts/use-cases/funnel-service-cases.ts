import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Candidate } from '../../../../domain/models/candidate.js';
import type { CandidateRepository } from '../../../../domain/ports/candidate-repository.js';
import type { Repositories } from '../../../../domain/ports/unit-of-work.js';
import { FunnelService } from '../../../../domain/services/funnel-service.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `FunnelService.moveCandidate` on an adapter.
 *
 * @example
 * ```ts
 * funnelServiceCases(fixture, api);
 * ```
 */
export function funnelServiceCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const now = new Date('2026-03-05T15:00:00.000Z');
  const funnel = (repositories: Repositories) =>
    new FunnelService(repositories, { now: () => now });
  const recorded = (candidate: Candidate) =>
    fixture.run(async ({ candidates, transitions, outbox }) => ({
      candidate: await candidates.get(candidate.id),
      transitions: await transitions.listByCandidate(candidate.id),
      events: (await outbox.pending(100_000)).filter((e) => e.aggregateId === candidate.id),
    }));
  const givenApplicant = async () => {
    const company = await fixture.givenCompany();
    return fixture.givenCandidate({ companyId: company.id });
  };

  describe('FunnelService.moveCandidate', () => {
    it('moves the candidate and records the transition and a candidate.stage_changed event', async () => {
      const candidate = await givenApplicant();

      const moved = await fixture.run((repositories) =>
        funnel(repositories).moveCandidate({
          candidateId: candidate.id,
          to: 'screening',
          actor: 'recruiter-7',
          requestId: 'req-move-1',
        }),
      );

      const state = await recorded(candidate);
      assert.deepEqual(moved, { ...candidate, stage: 'screening', updatedAt: now, version: 2 });
      assert.deepEqual(state.candidate, moved);
      assert.equal(state.transitions.length, 1);
      assert.deepEqual(state.transitions[0], {
        id: state.transitions[0]?.id,
        candidateId: candidate.id,
        companyId: candidate.companyId,
        from: 'applied',
        to: 'screening',
        at: now,
        actor: 'recruiter-7',
        requestId: 'req-move-1',
      });
      assert.equal(state.events.length, 1);
      assert.deepEqual(state.events[0]?.type, 'candidate.stage_changed');
      assert.deepEqual(state.events[0]?.payload, {
        from: 'applied',
        to: 'screening',
        actor: 'recruiter-7',
        transitionId: state.transitions[0]?.id,
      });
    });

    it('replays a repeated request id without moving again, and refuses it for another move', async () => {
      const candidate = await givenApplicant();
      const command = {
        candidateId: candidate.id,
        to: 'screening',
        requestId: 'req-once',
      } as const;
      const first = await fixture.run((repositories) =>
        funnel(repositories).moveCandidate(command),
      );

      const replay = await fixture.run((repositories) =>
        funnel(repositories).moveCandidate(command),
      );
      await expectBaltraError(
        fixture.run((repositories) =>
          funnel(repositories).moveCandidate({ ...command, to: 'rejected' }),
        ),
        'CONFLICT',
      );

      const state = await recorded(candidate);
      assert.deepEqual(replay, first);
      assert.equal(state.transitions.length, 1);
      assert.equal(state.events.length, 1);
      assert.equal(state.candidate?.version, 2);
    });

    it('fails with CONFLICT when the candidate changed after it was read, and records nothing', async () => {
      const candidate = await givenApplicant();

      await expectBaltraError(
        fixture.run(async (repositories) => {
          // Someone else updates the candidate between the service's read and its write.
          const stale = (await repositories.candidates.get(candidate.id)) as Candidate;
          await repositories.candidates.update({ ...stale, name: 'Changed meanwhile' });
          const candidates = readingStale(repositories.candidates, stale);
          return funnel({ ...repositories, candidates }).moveCandidate({
            candidateId: candidate.id,
            to: 'screening',
          });
        }),
        'CONFLICT',
      );

      const state = await recorded(candidate);
      assert.deepEqual(state.candidate, candidate);
      assert.deepEqual(state.transitions, []);
      assert.deepEqual(state.events, []);
    });

    it('refuses an illegal move with ILLEGAL_STAGE_TRANSITION and records nothing', async () => {
      const candidate = await givenApplicant();

      await expectBaltraError(
        fixture.run((repositories) =>
          funnel(repositories).moveCandidate({ candidateId: candidate.id, to: 'hired' }),
        ),
        'ILLEGAL_STAGE_TRANSITION',
      );

      const state = await recorded(candidate);
      assert.deepEqual(state, { candidate, transitions: [], events: [] });
    });

    it('reports an unknown candidate as NOT_FOUND', async () => {
      await expectBaltraError(
        fixture.run((repositories) =>
          funnel(repositories).moveCandidate({ candidateId: randomUUID(), to: 'screening' }),
        ),
        'NOT_FOUND',
      );
    });
  });
}

/** A repository whose `get` returns a copy read before someone else's update. */
function readingStale(repository: CandidateRepository, stale: Candidate): CandidateRepository {
  return {
    add: (candidate) => repository.add(candidate),
    addNew: (candidates) => repository.addNew(candidates),
    update: (candidate) => repository.update(candidate),
    get: async (id) => (id === stale.id ? stale : repository.get(id)),
    findByMetaLeadId: (companyId, metaLeadId) => repository.findByMetaLeadId(companyId, metaLeadId),
    countByStage: (companyId, filter) => repository.countByStage(companyId, filter),
  };
}
