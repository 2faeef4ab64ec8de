import type { Vacancy } from '../models/vacancy.js';

/**
 * Stores vacancies.
 *
 * @example
 * ```ts
 * await uow.run(({ vacancies }) => vacancies.add(aVacancy({ companyId })));
 * ```
 */
export interface VacancyRepository {
  /** Inserts a vacancy; `ConflictError` for a duplicate id, `NotFoundError` for an unknown company. */
  add(vacancy: Vacancy): Promise<void>;
  get(id: string): Promise<Vacancy | null>;
}
