/**
 * Price plans: what a tenant tier pays per 1,000 decisions, per approval handled and per active
 * agent per month, the units each tier includes, and the currency. Kept in the control table and
 * edited by platform admins (`PUT/GET /v1/price-plans/{tier}`).
 */
import * as z from 'zod';
import { DecimalSchema } from './money';

const included = z.number().int().min(0).max(1_000_000_000_000);

/** `PUT /v1/price-plans/{tier}` body. */
export const PricePlanInputSchema = z
  .object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as "USD"'),
    prices: z
      .object({
        /** Per 1,000 decisions. */
        decisionsPer1000: DecimalSchema,
        /** Per approval decided (approved or rejected). */
        approval: DecimalSchema,
        /** Per agent that made at least one request in the month. */
        activeAgentMonth: DecimalSchema,
      })
      .strict(),
    included: z
      .object({ decisions: included, approvals: included, activeAgents: included })
      .strict()
      .default({ decisions: 0, approvals: 0, activeAgents: 0 }),
  })
  .strict();
export type PricePlanInput = z.infer<typeof PricePlanInputSchema>;

/** A price plan as stored and shown. */
export interface PricePlan extends PricePlanInput {
  readonly tier: string;
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Used for a tier nobody priced yet: everything free, so an unpriced tier never bills by accident. */
export const UNPRICED = (tier: string): PricePlan => ({
  tier,
  currency: 'USD',
  prices: { decisionsPer1000: '0', approval: '0', activeAgentMonth: '0' },
  included: { decisions: 0, approvals: 0, activeAgents: 0 },
  version: 0,
  updatedAt: '1970-01-01T00:00:00.000Z',
  updatedBy: 'nobody',
});
