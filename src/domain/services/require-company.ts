import { NotFoundError } from '../errors.js';
import type { Company } from '../models/company.js';
import type { CompanyRepository } from '../ports/company-repository.js';

/**
 * The company a use case reads or writes for: `NOT_FOUND` (a `NotFoundError` for `Company`)
 * when there is none. Every use case that takes a company id calls it first, so an unknown
 * company is an error everywhere and a known company without data reads as zeros (ADR 0025).
 *
 * @example
 * ```ts
 * await uow.run(({ companies }) => requireCompany(companies, companyId));
 * ```
 */
export async function requireCompany(companies: CompanyRepository, id: string): Promise<Company> {
  const company = await companies.get(id);
  if (!company) throw new NotFoundError('Company', id);
  return company;
}
