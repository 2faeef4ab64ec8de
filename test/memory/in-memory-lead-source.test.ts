import { aRawLead, expectBaltraError, InMemoryLeadSource } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

const request = { companyId: 'c-1', sourceKey: 'form-1', limit: 2 } as const;

describe('InMemoryLeadSource', () => {
  it('pages through the leads of the requested form with opaque cursors', async () => {
    const leads = [
      aRawLead({ formId: 'form-1' }),
      aRawLead({ formId: 'other' }),
      aRawLead({ formId: 'form-1' }),
      aRawLead({ formId: 'form-1' }),
    ];
    const source = new InMemoryLeadSource(leads);

    const first = await source.fetchLeads({ ...request, cursor: null });
    const second = await source.fetchLeads({ ...request, cursor: first.nextCursor });

    expect(first.leads).toEqual([leads[0], leads[2]]);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(second).toMatchObject({ leads: [leads[3]], hasMore: false });
    expect(first.hasMore).toBe(true);
  });

  it('applies since on every page of a run, and continues with leads pushed later', async () => {
    const old = aRawLead({ formId: 'form-1', createdTime: new Date('2026-01-01T00:00:00Z') });
    const recent = () =>
      aRawLead({ formId: 'form-1', createdTime: new Date('2026-03-01T00:00:00Z') });
    const [r1, r2] = [recent(), recent()];
    const source = new InMemoryLeadSource([r1, old, old, r2]);
    const since = new Date('2026-02-01T00:00:00Z');

    const first = await source.fetchLeads({ ...request, limit: 1, cursor: null, since });
    const second = await source.fetchLeads({ ...request, limit: 1, cursor: first.nextCursor });
    const r3 = recent();
    source.push(r3);
    const third = await source.fetchLeads({ ...request, limit: 5, cursor: first.nextCursor });

    expect(first.leads).toEqual([r1]);
    expect(second).toMatchObject({ leads: [r2], hasMore: false });
    expect(third.leads).toEqual([r2, r3]);
  });

  it('fails the configured call once and records every request', async () => {
    const failure = new Error('rate limited');
    const source = new InMemoryLeadSource([aRawLead({ formId: 'form-1' })], {
      failOnPage: 2,
      failure,
    });

    await source.fetchLeads({ ...request, cursor: null });
    await expect(source.fetchLeads({ ...request, cursor: null })).rejects.toBe(failure);
    await source.fetchLeads({ ...request, cursor: null });

    expect(source.requests).toHaveLength(3);
  });

  it('rejects a cursor it did not issue with VALIDATION_FAILED', async () => {
    const source = new InMemoryLeadSource();

    for (const cursor of ['not-base64-json', Buffer.from('{"offset":-1}').toString('base64url')]) {
      await expectBaltraError(source.fetchLeads({ ...request, cursor }), 'VALIDATION_FAILED');
    }
  });
});
