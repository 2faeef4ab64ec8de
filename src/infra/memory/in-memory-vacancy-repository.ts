import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { Vacancy } from '../../domain/models/vacancy.js';
import type { VacancyRepository } from '../../domain/ports/vacancy-repository.js';
import type { InMemoryState } from './in-memory-store.js';

/**
 * A `VacancyRepository` over a Map: unique ids, existing company required. Use it through
 * {@link InMemoryUnitOfWork} so writes honour rollback.
 *
 * @example
 * ```ts
 * await uow.run(({ vacancies }) => vacancies.add(aVacancy({ companyId })));
 * ```
 */
export class InMemoryVacancyRepository implements VacancyRepository {
  constructor(private readonly state: InMemoryState) {}

  async add(vacancy: Vacancy): Promise<void> {
    if (this.state.vacancies.has(vacancy.id)) {
      throw new ConflictError(`vacancy ${vacancy.id} already exists`, {
        context: { entity: 'Vacancy', id: vacancy.id },
      });
    }
    if (!this.state.companies.has(vacancy.companyId)) {
      throw new NotFoundError('Company', vacancy.companyId);
    }
    this.state.vacancies.set(vacancy.id, structuredClone(vacancy));
  }

  async get(id: string): Promise<Vacancy | null> {
    const vacancy = this.state.vacancies.get(id);
    return vacancy ? structuredClone(vacancy) : null;
  }
}
