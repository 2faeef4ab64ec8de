import { randomUUID } from 'node:crypto';
import type { AdSpendEntry } from '../../domain/models/ad-spend.js';
import type { Candidate } from '../../domain/models/candidate.js';
import type { Company } from '../../domain/models/company.js';
import type { DomainEvent } from '../../domain/models/domain-event.js';
import type { LeadCursor, QuarantinedLead, RawLead } from '../../domain/models/lead.js';
import type { Onboarding } from '../../domain/models/onboarding.js';
import type { StageTransition } from '../../domain/models/stage-transition.js';
import type { Vacancy } from '../../domain/models/vacancy.js';

let sequence = 0;
const next = (): number => {
  sequence += 1;
  return sequence;
};
const FIRST_NAMES = ['Ana', 'Luis', 'María', 'José', 'Fernanda', 'Carlos', 'Daniela', 'Jorge'];
const LAST_NAMES = ['López', 'Hernández', 'García', 'Martínez', 'Pérez', 'Sánchez', 'Ramírez'];

/**
 * A valid company with fresh ids; override any field.
 *
 * @example
 * ```ts
 * const company = aCompany({ tier: 'enterprise' });
 * ```
 */
export function aCompany(overrides: Partial<Company> = {}): Company {
  const n = next();
  return {
    id: randomUUID(),
    name: `Company ${n}`,
    tier: 'free',
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/**
 * An open vacancy with fresh ids; override any field.
 *
 * @example
 * ```ts
 * const vacancy = aVacancy({ companyId: company.id, city: 'Monterrey' });
 * ```
 */
export function aVacancy(overrides: Partial<Vacancy> = {}): Vacancy {
  const n = next();
  return {
    id: randomUUID(),
    companyId: randomUUID(),
    title: `Warehouse associate ${n}`,
    openings: 5,
    status: 'open',
    createdAt: new Date('2026-01-15T00:00:00.000Z'),
    ...overrides,
  };
}

/**
 * A valid candidate in the `applied` stage at version 1, with fresh ids and a unique phone;
 * override any field.
 *
 * @example
 * ```ts
 * const candidate = aCandidate({ companyId: company.id, stage: 'screening' });
 * ```
 */
export function aCandidate(overrides: Partial<Candidate> = {}): Candidate {
  const n = next();
  const at = new Date('2026-02-01T00:00:00.000Z');
  return {
    id: randomUUID(),
    companyId: randomUUID(),
    name: `Candidate ${n}`,
    phone: `+5215500${String(n % 1_000_000).padStart(6, '0')}`,
    source: 'meta_lead_ad',
    stage: 'applied',
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

/**
 * A legal move `applied → screening` of a fresh candidate; override any field.
 *
 * @example
 * ```ts
 * const hired = aTransition({ candidateId, companyId, from: 'offered', to: 'hired', at });
 * ```
 */
export function aTransition(overrides: Partial<StageTransition> = {}): StageTransition {
  return {
    id: randomUUID(),
    candidateId: randomUUID(),
    companyId: randomUUID(),
    from: 'applied',
    to: 'screening',
    at: new Date('2026-02-02T00:00:00.000Z'),
    actor: 'recruiter@example.com',
    ...overrides,
  };
}

/**
 * A Meta lead as a `LeadSource` delivers it, with realistic `field_data` (full name, a
 * Mexican mobile typed with spaces, an email, a custom question) and a unique lead id.
 * `answers` replaces or adds form answers; `null` removes one.
 *
 * @example
 * ```ts
 * const noPhone = aRawLead({ formId }, { phone_number: null });
 * const badEmail = aRawLead({ formId }, { email: 'ana@' });
 * ```
 */
export function aRawLead(
  overrides: Partial<RawLead> = {},
  answers: Readonly<Record<string, string | null>> = {},
): RawLead {
  const n = next();
  const first = FIRST_NAMES[n % FIRST_NAMES.length] as string;
  const last = LAST_NAMES[n % LAST_NAMES.length] as string;
  const digits = String(n % 100_000_000).padStart(8, '0');
  const defaults: Record<string, string | null> = {
    full_name: `${first} ${last}`,
    phone_number: `+52 55 ${digits.slice(0, 4)} ${digits.slice(4)}`,
    email: `${first}.${last}.${n}@example.com`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
    '¿tienes_experiencia_en_almacén?': 'sí',
    ...answers,
  };
  return {
    id: `10${String(n).padStart(14, '0')}`,
    formId: '987654321098765',
    createdTime: new Date(Date.UTC(2026, 2, 1, 12, 0, n % 60)),
    adId: '120200000000000001',
    campaignId: '120200000000000000',
    fieldData: Object.entries(defaults)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([name, value]) => ({ name, values: [value] })),
    ...overrides,
  };
}

/**
 * A `candidate.applied` event of a fresh candidate (ids only in the payload); override any field.
 *
 * @example
 * ```ts
 * await uow.run(({ outbox }) => outbox.append([anEvent({ companyId })]));
 * ```
 */
export function anEvent(overrides: Partial<DomainEvent> = {}): DomainEvent {
  const aggregateId = overrides.aggregateId ?? randomUUID();
  return {
    id: randomUUID(),
    type: 'candidate.applied',
    aggregateType: 'candidate',
    aggregateId,
    companyId: randomUUID(),
    occurredAt: new Date('2026-03-01T12:00:00.000Z'),
    payload: { candidateId: aggregateId, source: 'meta_lead_ad' },
    ...overrides,
  };
}

/**
 * A started onboarding of a fresh candidate; override any field.
 *
 * @example
 * ```ts
 * await uow.run(({ onboardings }) => onboardings.save(anOnboarding({ candidateId, companyId })));
 * ```
 */
export function anOnboarding(overrides: Partial<Onboarding> = {}): Onboarding {
  const candidateId = overrides.candidateId ?? randomUUID();
  return {
    candidateId,
    companyId: randomUUID(),
    status: 'started',
    executionName: `onboarding-${candidateId}`,
    executionId: `arn:aws:states:us-east-1:000000000000:execution:onboarding:onboarding-${candidateId}`,
    startedAt: new Date('2026-03-10T09:00:00.000Z'),
    ...overrides,
  };
}

/**
 * A lead quarantined for a missing phone; override any field.
 *
 * @example
 * ```ts
 * await uow.run(({ quarantine }) => quarantine.add([aQuarantinedLead({ companyId })]));
 * ```
 */
export function aQuarantinedLead(overrides: Partial<QuarantinedLead> = {}): QuarantinedLead {
  const lead = overrides.lead ?? aRawLead({}, { phone_number: null });
  return {
    id: randomUUID(),
    companyId: randomUUID(),
    metaLeadId: lead.id,
    sourceKey: lead.formId,
    reasons: ['phone_number: missing'],
    lead,
    quarantinedAt: new Date('2026-03-01T12:05:00.000Z'),
    ...overrides,
  };
}

/**
 * A lead cursor of a fresh company; override any field.
 *
 * @example
 * ```ts
 * await uow.run(({ leadCursors }) => leadCursors.save(aLeadCursor({ companyId, position: 'abc' })));
 * ```
 */
export function aLeadCursor(overrides: Partial<LeadCursor> = {}): LeadCursor {
  return {
    companyId: randomUUID(),
    sourceKey: '987654321098765',
    position: `cursor-${next()}`,
    updatedAt: new Date('2026-03-01T13:00:00.000Z'),
    ...overrides,
  };
}

/**
 * One day of spend of one campaign (MXN 1,500.00 by default); override any field.
 *
 * @example
 * ```ts
 * const entry = anAdSpendEntry({ day: '2026-03-02', spend: { amountMinor: 99_00, currency: 'MXN' } });
 * ```
 */
export function anAdSpendEntry(overrides: Partial<AdSpendEntry> = {}): AdSpendEntry {
  return {
    campaignId: '120200000000000000',
    day: '2026-03-01',
    spend: { amountMinor: 150_000, currency: 'MXN' },
    ...overrides,
  };
}
