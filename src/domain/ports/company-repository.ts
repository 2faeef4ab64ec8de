import type { Company } from '../models/company.js';

/**
 * Stores companies (tenants).
 *
 * @example
 * ```ts
 * await uow.run(({ companies }) => companies.add(aCompany({ name: 'Acme' })));
 * ```
 */
export interface CompanyRepository {
  /** Inserts a company; `ConflictError` when the id exists. */
  add(company: Company): Promise<void>;
  /** The company with this id, or null. */
  get(id: string): Promise<Company | null>;
}
