import { z } from 'zod';

/** A half-open period: from inclusive, to exclusive. */
export const ReportingPeriodSchema = z
  .object({ from: z.date(), to: z.date() })
  .refine((p) => p.from < p.to, { message: 'from must be before to', path: ['from'] });

export type ReportingPeriod = z.infer<typeof ReportingPeriodSchema>;
