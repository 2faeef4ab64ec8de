import { NotFoundError, type Principal, type ServiceClient, ValidationError } from '@baltra/sdk';
import { z } from 'zod';
import type { CandidateRecord, CandidateStore } from './candidate-store.js';

/** Body of `POST /v1/candidates`. */
export const newCandidateSchema = z.object({
  name: z.string().trim().min(1).max(200),
  phone: z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number'),
});

/** What the partner service answers on `GET /v1/status`. */
export const partnerStatusSchema = z.object({ status: z.enum(['up', 'down']), region: z.string() });

/** Dependencies of the handlers. */
export interface CandidateHandlerDeps {
  readonly store: CandidateStore;
  /** Another service called with the SDK client (correlation id and token propagated). */
  readonly partner?: ServiceClient;
}

/**
 * The example's use cases, free of any framework: both the Express and the Fastify app call
 * them and return their result in the `{ ok, data }` envelope; errors they throw (SDK errors
 * with stable codes, or anything unexpected) are turned into envelopes by the edge.
 */
export function candidateHandlers(deps: CandidateHandlerDeps) {
  return {
    async getCandidate(id: string): Promise<CandidateRecord> {
      const candidate = await deps.store.find(id);
      if (candidate === undefined) throw new NotFoundError('Candidate', id);
      return candidate;
    },

    async createCandidate(body: unknown): Promise<CandidateRecord> {
      const parsed = newCandidateSchema.safeParse(body);
      if (!parsed.success) throw ValidationError.fromZod('candidate', parsed.error);
      return deps.store.create(parsed.data);
    },

    async partnerStatus(): Promise<z.output<typeof partnerStatusSchema>> {
      if (deps.partner === undefined) throw new NotFoundError('Partner', 'default');
      return deps.partner.get('/status', partnerStatusSchema);
    },

    whoami(principal: Principal | undefined) {
      return principal === undefined
        ? { authenticated: false }
        : {
            authenticated: true,
            kind: principal.kind,
            subject: principal.subject,
            scopes: principal.scopes,
          };
    },
  };
}
