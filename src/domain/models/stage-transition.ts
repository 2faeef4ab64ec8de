import { z } from 'zod';
import { FunnelStageSchema } from './funnel-stage.js';

export const StageTransitionSchema = z.object({
  id: z.uuid(),
  candidateId: z.uuid(),
  companyId: z.uuid(),
  /** Null for the first entry into the funnel (`applied`). */
  from: FunnelStageSchema.nullable(),
  to: FunnelStageSchema,
  at: z.date(),
  /** Who moved the candidate: a user id, a service name or `system`. */
  actor: z.string().min(1).max(200),
  /** The caller's request id; a repeated id replays instead of moving twice. Unique per company. */
  requestId: z.string().min(1).max(200).optional(),
});

/** One move of a candidate through the funnel, kept for time-in-stage metrics. */
export type StageTransition = z.infer<typeof StageTransitionSchema>;
