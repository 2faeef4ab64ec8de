import { createLeadMapper, type LeadField, mapLeadToCandidate } from '@baltra/sdk';
import { aRawLead, expectBaltraError } from '@baltra/sdk/testing';
import { describe, expect, it } from 'vitest';

const companyId = '6f1c1c52-3f6d-4d0e-9d55-4a9b7f1b2c3d';
const vacancyId = '0b8f5a8e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';

describe('mapLeadToCandidate', () => {
  it('maps a complete Meta lead to candidate fields with an E.164 phone and its campaign', () => {
    const lead = aRawLead(
      { campaignId: '120200000000000042' },
      { full_name: '  Ana López ', phone_number: '55 1234 5678', email: 'ana@example.com' },
    );

    const mapped = mapLeadToCandidate(lead, { companyId, vacancyId });

    expect(mapped).toEqual({
      ok: true,
      candidate: {
        companyId,
        vacancyId,
        name: 'Ana López',
        phone: '+525512345678',
        email: 'ana@example.com',
        source: 'meta_lead_ad',
        metaLeadId: lead.id,
        campaignId: '120200000000000042',
        createdAt: lead.createdTime,
      },
    });
  });

  it('joins first and last name when there is no full name, and leaves out a missing email', () => {
    const lead = aRawLead(
      {},
      { full_name: null, first_name: 'Luz', last_name: 'Ortega', email: null },
    );

    const mapped = mapLeadToCandidate(lead, { companyId });

    expect(mapped.ok && mapped.candidate.name).toBe('Luz Ortega');
    expect(mapped.ok && 'email' in mapped.candidate).toBe(false);
    expect(mapped.ok && 'vacancyId' in mapped.candidate).toBe(false);
  });

  it.each([
    [{ phone_number: null }, ['phone_number: missing']],
    [{ phone_number: 'no tengo' }, ['phone_number: invalid']],
    [{ email: 'ana@' }, ['email: invalid']],
    [{ full_name: null }, ['full_name: missing']],
    [{ full_name: 'x'.repeat(201) }, ['full_name: too long']],
    [
      { full_name: '   ', phone_number: '', email: 'nope' },
      ['full_name: missing', 'phone_number: missing', 'email: invalid'],
    ],
  ] as const)('explains an invalid lead %j with reasons %j', (answers, reasons) => {
    const mapped = mapLeadToCandidate(aRawLead({}, answers), { companyId });

    expect(mapped).toEqual({ ok: false, reasons });
  });

  it('takes the first non-blank value of a field with several', () => {
    const fieldData: LeadField[] = [
      { name: 'full_name', values: ['', 'Ana'] },
      { name: 'phone_number', values: [' ', '81 2345 6789', '55 0000 0000'] },
    ];

    const mapped = mapLeadToCandidate(aRawLead({ fieldData }), { companyId });

    expect(mapped).toMatchObject({ ok: true, candidate: { name: 'Ana', phone: '+528123456789' } });
  });

  it('reads custom field names and another default country, and names them in reasons', () => {
    const map = createLeadMapper({
      companyId,
      defaultCountryCode: '57',
      fieldNames: { fullName: 'nombre', phone: 'celular', email: 'correo' },
    });
    const fieldData = (answers: Record<string, string>): LeadField[] =>
      Object.entries(answers).map(([name, value]) => ({ name, values: [value] }));

    const good = map(
      aRawLead({ fieldData: fieldData({ nombre: 'Ana', celular: '300 123 4567' }) }),
    );
    const bad = map(aRawLead({ fieldData: fieldData({ nombre: 'Ana', correo: 'x' }) }));

    expect(good).toMatchObject({ ok: true, candidate: { phone: '+573001234567' } });
    expect(bad).toEqual({ ok: false, reasons: ['celular: missing', 'correo: invalid'] });
  });

  it('rejects malformed options with VALIDATION_FAILED', async () => {
    await expectBaltraError(
      Promise.resolve().then(() => mapLeadToCandidate(aRawLead(), { companyId: 'acme' })),
      'VALIDATION_FAILED',
    );
    await expectBaltraError(
      Promise.resolve().then(() => createLeadMapper({ companyId, defaultCountryCode: '0' })),
      'VALIDATION_FAILED',
    );
  });
});
