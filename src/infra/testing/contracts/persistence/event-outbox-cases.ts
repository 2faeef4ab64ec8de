import assert from 'node:assert/strict';
import type { DomainEvent, OutboxEntry } from '../../../../domain/models/domain-event.js';
import { anEvent } from '../../factories.js';
import type { ContractTestApi } from '../contract-test-api.js';
import type { PersistenceFixture } from '../persistence-fixture.js';

/** More than the whole contract run appends, so a shared database's other entries fit. */
const EVERYTHING = 100_000;

/**
 * Contract cases of `EventOutbox`. Other cases leave pending entries too, so these look only
 * at their own company's entries.
 *
 * @example
 * ```ts
 * eventOutboxCases(fixture, api);
 * ```
 */
export function eventOutboxCases(
  fixture: PersistenceFixture,
  { describe, it }: ContractTestApi,
): void {
  const pendingOf = async (companyId: string): Promise<OutboxEntry[]> =>
    (await fixture.run(({ outbox }) => outbox.pending(EVERYTHING))).filter(
      (entry) => entry.companyId === companyId,
    );
  const withoutPosition = ({ sequence: _s, publishedAt: _p, ...event }: OutboxEntry) => event;

  describe('EventOutbox', () => {
    it('keeps appended events pending, in append order with increasing sequences', async () => {
      const company = await fixture.givenCompany();
      const events: DomainEvent[] = [
        anEvent({ companyId: company.id }),
        anEvent({
          companyId: company.id,
          type: 'candidate.stage_changed',
          payload: { from: 'applied', to: 'screening', score: 7, urgent: false, note: null },
        }),
        anEvent({ companyId: company.id, type: 'lead.quarantined', aggregateType: 'lead' }),
      ];

      await fixture.run(({ outbox }) => outbox.append(events.slice(0, 2)));
      await fixture.run(({ outbox }) => outbox.append(events.slice(2)));

      const pending = await pendingOf(company.id);
      assert.deepEqual(pending.map(withoutPosition), events);
      assert.ok(pending.every((entry) => entry.publishedAt === null));
      const sequences = pending.map((entry) => entry.sequence);
      assert.ok(
        sequences.every((s, i) => i === 0 || s > (sequences[i - 1] as number)),
        `sequences must increase: ${sequences.join(', ')}`,
      );
    });

    it('returns at most `limit` entries, oldest first', async () => {
      const company = await fixture.givenCompany();
      await fixture.run(({ outbox }) =>
        outbox.append([anEvent({ companyId: company.id }), anEvent({ companyId: company.id })]),
      );
      const own = await pendingOf(company.id);

      const first = await fixture.run(({ outbox }) => outbox.pending(1));

      assert.equal(first.length, 1);
      assert.ok((first[0] as OutboxEntry).sequence <= (own[0] as OutboxEntry).sequence);
    });

    it('drops entries marked published from pending and ignores unknown ids', async () => {
      const company = await fixture.givenCompany();
      const [a, b, c] = [1, 2, 3].map(() => anEvent({ companyId: company.id })) as [
        DomainEvent,
        DomainEvent,
        DomainEvent,
      ];
      await fixture.run(({ outbox }) => outbox.append([a, b, c]));

      await fixture.run(({ outbox }) =>
        outbox.markPublished([a.id, c.id, anEvent().id], new Date('2026-03-01T12:00:01.000Z')),
      );

      assert.deepEqual(
        (await pendingOf(company.id)).map((entry) => entry.id),
        [b.id],
      );
    });

    it('forgets events appended by a unit of work that rolled back', async () => {
      const company = await fixture.givenCompany();

      await fixture
        .run(async ({ outbox }) => {
          await outbox.append([anEvent({ companyId: company.id })]);
          throw new Error('rolled back');
        })
        .catch(() => undefined);

      assert.deepEqual(await pendingOf(company.id), []);
    });
  });
}
