import { z } from 'zod';

/** Commercial tiers, from the lowest priority to the highest. */
export const COMPANY_TIERS = ['free', 'advance', 'professional', 'enterprise'] as const;

export const CompanyTierSchema = z.enum(COMPANY_TIERS);
export type CompanyTier = z.infer<typeof CompanyTierSchema>;

export const CompanySchema = z.object({
  id: z.uuid(),
  name: z.string().trim().min(1).max(200),
  tier: CompanyTierSchema,
  createdAt: z.date(),
});

/** A company that hires through Baltra (a tenant). */
export type Company = z.infer<typeof CompanySchema>;
