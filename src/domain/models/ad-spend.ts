/** Money in minor units (cents) to keep sums exact. */
export interface Money {
  readonly amountMinor: number;
  /** ISO 4217 code, e.g. `MXN`. */
  readonly currency: string;
}

/** Ad spend of one campaign on one day, as an `AdSpendSource` reports it. */
export interface AdSpendEntry {
  readonly campaignId: string;
  readonly day: string;
  readonly spend: Money;
}
