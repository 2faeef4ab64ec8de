import { z } from 'zod';
import { CandidateSourceSchema } from './candidate.js';
import type { FunnelStage } from './funnel-stage.js';

export const FunnelFilterSchema = z
  .object({
    vacancyId: z.uuid().optional(),
    source: CandidateSourceSchema.optional(),
    /** Candidates created at or after this instant. */
    createdFrom: z.date().optional(),
    /** Candidates created strictly before this instant. */
    createdTo: z.date().optional(),
  })
  .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom < f.createdTo, {
    message: 'createdFrom must be before createdTo',
    path: ['createdFrom'],
  });

/** Narrows the candidates a funnel query counts. */
export type FunnelFilter = z.infer<typeof FunnelFilterSchema>;

/** Number of candidates currently in each stage; stages with none may be absent. */
export type StageCounts = Partial<Record<FunnelStage, number>>;

/** Conversion between two consecutive stages of the main path. */
export interface StageConversion {
  readonly from: FunnelStage;
  readonly to: FunnelStage;
  /** Candidates who reached `to` divided by those who reached `from`; null when none reached `from`. */
  readonly rate: number | null;
}

/** The funnel of one company: counts per stage and stage-to-stage conversion. */
export interface FunnelBuckets {
  readonly companyId: string;
  readonly total: number;
  readonly counts: Readonly<Record<FunnelStage, number>>;
  /** Candidates currently at a main-path stage or beyond it (exits are not counted). */
  readonly reached: Readonly<Record<FunnelStage, number>>;
  readonly conversion: readonly StageConversion[];
}
