import type { Repositories } from '@baltra/sdk';
import { aCompany, anEvent, InMemoryUnitOfWork } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

describe('InMemoryUnitOfWork', () => {
  it('makes repositories unusable once the run has settled', async () => {
    const uow = new InMemoryUnitOfWork();
    let leaked: Repositories | undefined;

    await uow.run(async (repositories) => {
      leaked = repositories;
    });

    expect(() => leaked?.companies.get('x')).toThrow(/finished unit of work/);
    await expect(leaked?.savepoint(async () => 1)).rejects.toThrow(/finished unit of work/);
  });

  it('refuses the outer repositories while a savepoint runs, and savepoint repositories after it', async () => {
    const uow = new InMemoryUnitOfWork();
    let nestedLeak: Repositories | undefined;

    await uow.run(async (outer) => {
      await outer.savepoint(async (nested) => {
        nestedLeak = nested;
        expect(() => outer.companies.get('x')).toThrow(/savepoints runs/);
      });
      await outer.companies.add(aCompany());
    });

    expect(() => nestedLeak?.companies.get('x')).toThrow(/finished unit of work/);
  });

  it('runs units of work one at a time, in call order', async () => {
    const uow = new InMemoryUnitOfWork();
    const log: string[] = [];
    const slow = (label: string, ms: number) =>
      uow.run(async () => {
        log.push(`${label} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`${label} end`);
      });

    await Promise.all([slow('a', 20), slow('b', 1)]);

    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
  });

  it('gives snapshots that cannot change the committed state', async () => {
    const uow = new InMemoryUnitOfWork();
    const company = aCompany();
    await uow.run(({ companies }) => companies.add(company));

    uow.snapshot().companies.clear();

    expect(uow.snapshot().companies.get(company.id)).toEqual(company);
  });

  it('numbers outbox entries after the last committed one', async () => {
    const uow = new InMemoryUnitOfWork();
    await uow.run(({ outbox }) => outbox.append([anEvent(), anEvent()]));
    await uow
      .run(async ({ outbox }) => {
        await outbox.append([anEvent()]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);

    await uow.run(({ outbox }) => outbox.append([anEvent()]));

    expect([...uow.snapshot().outbox.values()].map((e) => e.sequence)).toEqual([1, 2, 3]);
  });
});
