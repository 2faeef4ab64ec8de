import { z } from 'zod';

export const VacancySchema = z.object({
  id: z.uuid(),
  companyId: z.uuid(),
  title: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(120).optional(),
  openings: z.int().min(1).max(10_000),
  status: z.enum(['open', 'closed']),
  createdAt: z.date(),
});

/** A position a company is hiring for. */
export type Vacancy = z.infer<typeof VacancySchema>;
