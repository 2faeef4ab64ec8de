import { z } from 'zod';

/** One answer of a Meta lead form: `{ name: 'phone_number', values: ['+52 55 1234 5678'] }`. */
export const LeadFieldSchema = z.object({
  name: z.string().min(1),
  values: z.array(z.string()),
});

/** A lead as a `LeadSource` delivers it (Meta's shape, with dates parsed). */
export const RawLeadSchema = z.object({
  /** Meta lead id. */
  id: z.string().min(1).max(64),
  formId: z.string().min(1),
  createdTime: z.date(),
  adId: z.string().optional(),
  campaignId: z.string().optional(),
  fieldData: z.array(LeadFieldSchema),
});

export type LeadField = z.infer<typeof LeadFieldSchema>;
export type RawLead = z.infer<typeof RawLeadSchema>;

/** A page of leads and where to resume after it. */
export interface LeadPage {
  readonly leads: readonly RawLead[];
  /**
   * Resume point after this page. Store it even after the last page: a later fetch from it
   * returns only leads that arrived since.
   */
  readonly nextCursor: string;
  /** Whether more leads are available right now. */
  readonly hasMore: boolean;
}

/** Where ingestion of one form of one company has got to. */
export interface LeadCursor {
  readonly companyId: string;
  /** The form (or other source key) the cursor belongs to. */
  readonly sourceKey: string;
  /** Opaque position from the source; null before the first page. */
  readonly position: string | null;
  readonly updatedAt: Date;
}

/** A lead that could not become a candidate, kept with the reason; never dropped silently. */
export interface QuarantinedLead {
  readonly id: string;
  readonly companyId: string;
  readonly metaLeadId: string;
  readonly sourceKey: string;
  /** Human-readable reasons, one per problem (`phone_number: missing`). */
  readonly reasons: readonly string[];
  /** The lead as received, for a person to fix and replay. PII: never log it. */
  readonly lead: RawLead;
  readonly quarantinedAt: Date;
}
