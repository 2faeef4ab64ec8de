import { randomUUID } from 'node:crypto';
import type { Candidate } from '../../domain/models/candidate.js';
import type { Company } from '../../domain/models/company.js';

let sequence = 0;

/**
 * A valid company with fresh ids; override any field.
 *
 * @example
 * ```ts
 * const company = aCompany({ tier: 'enterprise' });
 * ```
 */
export function aCompany(overrides: Partial<Company> = {}): Company {
  sequence += 1;
  return {
    id: randomUUID(),
    name: `Company ${sequence}`,
    tier: 'free',
    createdAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/**
 * A valid candidate in the `applied` stage with fresh ids and a unique phone; override any field.
 *
 * @example
 * ```ts
 * const candidate = aCandidate({ companyId: company.id, stage: 'screening' });
 * ```
 */
export function aCandidate(overrides: Partial<Candidate> = {}): Candidate {
  sequence += 1;
  const at = new Date('2026-02-01T00:00:00.000Z');
  return {
    id: randomUUID(),
    companyId: randomUUID(),
    name: `Candidate ${sequence}`,
    phone: `+5215500${String(sequence % 1_000_000).padStart(6, '0')}`,
    source: 'meta_lead_ad',
    stage: 'applied',
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
