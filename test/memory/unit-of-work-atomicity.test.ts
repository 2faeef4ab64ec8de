import type { Repositories } from '@baltra/sdk';
import {
  aCandidate,
  aCompany,
  aLeadCursor,
  anEvent,
  anOnboarding,
  aQuarantinedLead,
  aTransition,
  aVacancy,
  InMemoryUnitOfWork,
} from '@baltra/sdk/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

interface World {
  readonly companyId: string;
  readonly candidateId: string;
}

type Write = (repositories: Repositories, world: World) => Promise<unknown>;

/** Every kind of write a unit of work can do, each with fresh data. */
const WRITES: Record<string, Write> = {
  addCompany: (r) => r.companies.add(aCompany()),
  addVacancy: (r, w) => r.vacancies.add(aVacancy({ companyId: w.companyId })),
  addCandidate: (r, w) => r.candidates.add(aCandidate({ companyId: w.companyId })),
  addNewCandidates: (r, w) =>
    r.candidates.addNew([aCandidate({ companyId: w.companyId, metaLeadId: crypto.randomUUID() })]),
  updateCandidate: async (r, w) => {
    const candidate = await r.candidates.get(w.candidateId);
    if (candidate) await r.candidates.update({ ...candidate, name: `Renamed ${Math.random()}` });
  },
  addTransition: (r, w) =>
    r.transitions.add([aTransition({ candidateId: w.candidateId, companyId: w.companyId })]),
  appendEvent: (r, w) => r.outbox.append([anEvent({ companyId: w.companyId })]),
  markPublished: async (r) => {
    const pending = await r.outbox.pending(1);
    await r.outbox.markPublished(
      pending.map((e) => e.id),
      new Date(),
    );
  },
  saveCursor: (r, w) => r.leadCursors.save(aLeadCursor({ companyId: w.companyId })),
  quarantine: (r, w) => r.quarantine.add([aQuarantinedLead({ companyId: w.companyId })]),
  saveOnboarding: (r, w) =>
    r.onboardings.save(anOnboarding({ candidateId: w.candidateId, companyId: w.companyId })),
  completeIdempotencyKey: async (r) => {
    const key = `key-${crypto.randomUUID()}`;
    await r.idempotency.claim(key);
    await r.idempotency.complete(key, { done: true });
  },
  savepoint: (r, w) =>
    r.savepoint(async (nested) => {
      await nested.companies.add(aCompany());
      await nested.outbox.append([anEvent({ companyId: w.companyId })]);
    }),
};

async function givenWorld(): Promise<{ uow: InMemoryUnitOfWork; world: World }> {
  const uow = new InMemoryUnitOfWork();
  const company = aCompany();
  const candidate = aCandidate({ companyId: company.id, stage: 'hired' });
  await uow.run(async (r) => {
    await r.companies.add(company);
    await r.candidates.add(candidate);
    await r.outbox.append([anEvent({ companyId: company.id })]);
  });
  return { uow, world: { companyId: company.id, candidateId: candidate.id } };
}

describe('unit of work atomicity (in-memory)', () => {
  it('leaves no partial write when an exception is injected at any step', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...Object.keys(WRITES)), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('thrown error', 'constraint violation'),
        async (steps, at, failureKind) => {
          // Prepare
          const { uow, world } = await givenWorld();
          const before = uow.snapshot();
          const failAt = at % (steps.length + 1);
          const injected = new Error('injected failure');

          // Act
          const outcome = await uow
            .run(async (repositories) => {
              for (const [index, step] of steps.entries()) {
                if (index === failAt) {
                  if (failureKind === 'thrown error') throw injected;
                  await repositories.companies.add(aCompany({ id: world.companyId }));
                }
                await (WRITES[step] as Write)(repositories, world);
              }
              if (failAt === steps.length) throw injected;
            })
            .catch((error: unknown) => error);

          // Assess
          expect(outcome).toBeInstanceOf(Error);
          expect(uow.snapshot()).toEqual(before);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('commits every one of those writes when nothing fails (the property above is not vacuous)', async () => {
    for (const [name, write] of Object.entries(WRITES)) {
      const { uow, world } = await givenWorld();
      const before = uow.snapshot();

      await uow.run((repositories) => write(repositories, world));

      expect(uow.snapshot(), name).not.toEqual(before);
    }
  });
});
