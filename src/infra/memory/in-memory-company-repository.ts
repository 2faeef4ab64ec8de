import { ConflictError } from '../../domain/errors.js';
import type { Company } from '../../domain/models/company.js';
import type { CompanyRepository } from '../../domain/ports/company-repository.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * A `CompanyRepository` over a Map, for tests and demos. Use it through
 * {@link InMemoryUnitOfWork} so writes honour rollback.
 *
 * @example
 * ```ts
 * const uow = new InMemoryUnitOfWork();
 * await uow.run(({ companies }) => companies.add(aCompany()));
 * ```
 */
export class InMemoryCompanyRepository implements CompanyRepository {
  constructor(private readonly state: InMemoryState) {}

  async add(company: Company): Promise<void> {
    if (this.state.companies.has(company.id)) {
      throw new ConflictError(`company ${company.id} already exists`, {
        context: { entity: 'Company', id: company.id },
      });
    }
    this.state.companies.set(company.id, structuredClone(company));
  }

  async get(id: string): Promise<Company | null> {
    const company = this.state.companies.get(id);
    return company ? structuredClone(company) : null;
  }
}
