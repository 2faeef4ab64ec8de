import {
  canMoveStage,
  FUNNEL_PATH,
  FUNNEL_STAGES,
  FunnelService,
  type FunnelStage,
  isBaltraError,
} from '@baltra/sdk';
import { aCandidate, aCompany, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** A move to a given stage, or one step forward on the main path (so runs get far). */
const commandArbitrary = fc.record({
  candidate: fc.nat({ max: 2 }),
  to: fc.oneof(fc.constantFrom(...FUNNEL_STAGES), fc.constant('next' as const)),
  requestId: fc.option(fc.constantFrom('r-1', 'r-2', 'r-3'), { nil: undefined }),
});

function nextStage(stage: FunnelStage): FunnelStage {
  const index = FUNNEL_PATH.indexOf(stage as (typeof FUNNEL_PATH)[number]);
  return FUNNEL_PATH[index + 1] ?? 'onboarded';
}

describe('funnel properties (in-memory)', () => {
  it('random moves never reach an illegal state, and bucket counts sum to the candidates', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(commandArbitrary, { maxLength: 30 }),
        async (count, commands) => {
          // Prepare
          const uow = new InMemoryUnitOfWork();
          const company = aCompany();
          const candidates = Array.from({ length: count }, () =>
            aCandidate({ companyId: company.id }),
          );
          await uow.run(async (repositories) => {
            await repositories.companies.add(company);
            for (const c of candidates) await repositories.candidates.add(c);
          });
          const model = new Map<string, FunnelStage>(candidates.map((c) => [c.id, 'applied']));
          const usedRequests = new Map<string, { candidateId: string; to: FunnelStage }>();
          const moves = new Map<string, number>(candidates.map((c) => [c.id, 0]));

          // Act
          for (const command of commands) {
            const candidateId = (candidates[command.candidate % count] as { id: string }).id;
            const current = model.get(candidateId) as FunnelStage;
            const to = command.to === 'next' ? nextStage(current) : command.to;
            const earlier = command.requestId && usedRequests.get(command.requestId);
            const outcome = await uow
              .run((repositories) =>
                new FunnelService(repositories).moveCandidate({
                  candidateId,
                  to,
                  ...(command.requestId ? { requestId: command.requestId } : {}),
                }),
              )
              .then(
                (moved) => ({ ok: true as const, stage: moved.stage }),
                (error: unknown) => ({
                  ok: false as const,
                  code: isBaltraError(error) ? error.code : '?',
                }),
              );

            if (earlier) {
              const replay = earlier.candidateId === candidateId && earlier.to === to;
              expect(outcome).toEqual(
                replay ? { ok: true, stage: current } : { ok: false, code: 'CONFLICT' },
              );
            } else if (canMoveStage(current, to)) {
              expect(outcome).toEqual({ ok: true, stage: to });
              model.set(candidateId, to);
              moves.set(candidateId, (moves.get(candidateId) ?? 0) + 1);
              if (command.requestId) usedRequests.set(command.requestId, { candidateId, to });
            } else {
              expect(outcome).toEqual({ ok: false, code: 'ILLEGAL_STAGE_TRANSITION' });
            }
          }

          // Assess
          const state = uow.snapshot();
          for (const { id } of candidates) {
            const history = [...state.transitions.values()]
              .filter((t) => t.candidateId === id)
              .sort((a, b) => a.at.getTime() - b.at.getTime());
            let stage: FunnelStage = 'applied';
            for (const t of history) {
              expect(t.from).toBe(stage);
              expect(canMoveStage(t.from as FunnelStage, t.to)).toBe(true);
              stage = t.to;
            }
            expect(history).toHaveLength(moves.get(id) ?? 0);
            expect(state.candidates.get(id)?.stage).toBe(model.get(id));
            expect(stage).toBe(model.get(id));
            expect(state.candidates.get(id)?.version).toBe((moves.get(id) ?? 0) + 1);
          }
          const buckets = await uow.run(({ candidates: repo }) =>
            new FunnelService(repo).buckets(company.id),
          );
          const sum = Object.values(buckets.counts).reduce((a, b) => a + b, 0);
          expect(sum).toBe(count);
          expect(buckets.total).toBe(count);
        },
      ),
      { numRuns: 100 },
    );
  });
});
