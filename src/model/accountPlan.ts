/**
 * The account plan (METRICS.md "Account plan"): a YAML file naming the strategic accounts, each
 * with a revenue objective for the period, a pipeline goal and the products offered to it.
 *
 *   period: 2026                # optional: the plan's period when --period is not given
 *   accounts:
 *     - account: ACC-001        # id or name, joined like deals (model/accountJoin.ts)
 *       objective: 600000       # revenue objective for the period
 *       pipelineGoal: 400000    # open pipeline closing in the period
 *       products: [Platform, Analytics, Services]   # offered to it (default: config products.offered)
 */
import { z } from 'zod';
import { MAX_AMOUNT } from './values.js';

const amount = z.number().min(0, 'expected an amount of 0 or more').max(MAX_AMOUNT, 'expected a smaller amount');

export const accountPlanSchema = z
  .object({
    period: z.union([z.string().trim().min(1), z.number().int()]).optional(),
    accounts: z
      .array(
        z
          .object({
            account: z.union([z.string().trim().min(1), z.number()]).transform(String),
            objective: amount.optional(),
            pipelineGoal: amount.optional(),
            products: z.array(z.string().trim().min(1)).optional(),
          })
          .strict(),
      )
      .min(1, 'expected at least one account'),
  })
  .strict();

export type AccountPlan = z.infer<typeof accountPlanSchema>;
export type AccountPlanEntry = AccountPlan['accounts'][number];

/** Parses a plan document: the plan, or the first problem as one line naming the key. */
export function parseAccountPlan(document: unknown): { ok: true; plan: AccountPlan } | { ok: false; message: string } {
  const result = accountPlanSchema.safeParse(document ?? {});
  if (result.success) return { ok: true, plan: result.data };
  const issue = result.error.issues[0];
  const path = issue === undefined ? '' : issue.path.map(String).join('.');
  if (issue?.code === 'unrecognized_keys') return { ok: false, message: `unknown key ${issue.keys.join(', ')}${path === '' ? '' : ` in ${path}`} (allowed: period, accounts; per account: account, objective, pipelineGoal, products)` };
  return { ok: false, message: `${path === '' ? 'plan' : path}: ${issue?.message ?? 'invalid plan'}` };
}
