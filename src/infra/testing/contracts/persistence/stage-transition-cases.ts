import assert from 'node:assert/strict';
import type { StageTransition } from '../../../../domain/models/stage-transition.js';
import { aTransition } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import { expectBaltraError } from '../expect-baltra-error.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/**
 * Contract cases of `StageTransitionRepository`.
 *
 * @example
 * ```ts
 * stageTransitionCases(fixture, api);
 * ```
 */
export function stageTransitionCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const at = (hour: number) => new Date(Date.UTC(2026, 2, 1, hour));
  const givenCandidateOfNewCompany = async () => {
    const company = await fixture.givenCompany();
    const candidate = await fixture.givenCandidate({ companyId: company.id });
    return { companyId: company.id, candidateId: candidate.id };
  };
  const list = (candidateId: string) =>
    fixture.run(({ transitions }) => transitions.listByCandidate(candidateId));

  describe('StageTransitionRepository', () => {
    it('lists a candidate’s transitions oldest first, exactly as added', async () => {
      const ids = await givenCandidateOfNewCompany();
      const other = await givenCandidateOfNewCompany();
      const entry = aTransition({ ...ids, from: null, to: 'applied', at: at(1), actor: 'system' });
      const screening = aTransition({ ...ids, from: 'applied', to: 'screening', at: at(2) });
      const rejected = aTransition({
        ...ids,
        from: 'screening',
        to: 'rejected',
        at: at(3),
        requestId: 'req-1',
      });

      await fixture.run(async ({ transitions }) => {
        await transitions.add([rejected, entry]);
        await transitions.add([screening, aTransition({ ...other, at: at(2) })]);
      });

      const history = await list(ids.candidateId);
      assert.deepEqual(history, [entry, screening, rejected]);
      assert.ok(history[0] && !('requestId' in history[0]));
    });

    it('finds the transition of a request id within its company only', async () => {
      const ids = await givenCandidateOfNewCompany();
      const other = await givenCandidateOfNewCompany();
      const move = aTransition({ ...ids, requestId: 'req-find' });
      await fixture.run(({ transitions }) => transitions.add([move]));

      const found = await fixture.run(async ({ transitions }) => ({
        own: await transitions.findByRequestId(ids.companyId, 'req-find'),
        other: await transitions.findByRequestId(other.companyId, 'req-find'),
        missing: await transitions.findByRequestId(ids.companyId, 'req-missing'),
      }));

      assert.deepEqual(found, { own: move, other: null, missing: null });
    });

    it('rejects a repeated request id of a company with CONFLICT, across calls and within one', async () => {
      const ids = await givenCandidateOfNewCompany();
      await fixture.run(({ transitions }) =>
        transitions.add([aTransition({ ...ids, requestId: 'req-dup', at: at(1) })]),
      );
      const fresh = aTransition({ ...ids, requestId: 'req-fresh', at: at(2) });

      await expectBaltraError(
        fixture.run(({ transitions }) =>
          transitions.add([aTransition({ ...ids, requestId: 'req-dup', at: at(3) })]),
        ),
        'CONFLICT',
      );
      await fixture.run(async ({ transitions }) => {
        await expectBaltraError(
          transitions.add([fresh, aTransition({ ...ids, requestId: 'req-fresh', at: at(4) })]),
          'CONFLICT',
        );
      });

      const history: StageTransition[] = await list(ids.candidateId);
      assert.deepEqual(
        history.map((t) => t.requestId),
        ['req-dup'],
      );
    });

    it('allows the same request id in another company and any number of moves without one', async () => {
      const acme = await givenCandidateOfNewCompany();
      const globex = await givenCandidateOfNewCompany();

      await fixture.run(({ transitions }) =>
        transitions.add([
          aTransition({ ...acme, requestId: 'req-shared', at: at(1) }),
          aTransition({ ...globex, requestId: 'req-shared', at: at(1) }),
          aTransition({ ...acme, at: at(2) }),
          aTransition({ ...acme, at: at(3) }),
        ]),
      );

      assert.equal((await list(acme.candidateId)).length, 3);
      assert.equal((await list(globex.candidateId)).length, 1);
    });
  });
}
