import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { collusionRisk, DEFAULT_RISK_MODEL, type RiskModel } from "./domain/collusion-risk.ts";
import { computeScreens, type Screens } from "./domain/screens.ts";

const tags = ["supervision 电子监督"];

const tenderSchema = z.strictObject({
  // a string, or a number taken as its decimal string
  id: z.union([z.string().min(1).max(100), z.number()]).transform((id) => String(id)),
  estimate: z.number().int().positive().optional(),
  bids: z
    .array(z.strictObject({ bidder: z.string().min(1).max(200), amount: z.number().int().positive() }))
    .min(1)
    .max(1000),
});

export interface ScreenedTender {
  id: string;
  n: number;
  screens: Screens;
  risk: number;
  flags: string[];
}

/** Screens and risk of one tender (amounts in 分). */
export function screenTender(tender: { id: string; estimate?: number; bids: { bidder: string; amount: number }[] }, model: RiskModel): ScreenedTender {
  const { n, screens } = computeScreens(
    tender.bids.map((b) => b.amount),
    { id: tender.id, bidders: tender.bids.map((b) => b.bidder), estimate: tender.estimate },
  );
  return { id: tender.id, n, screens, ...collusionRisk({ n, screens }, model) };
}

/** Tenders screened between two yields to the event loop, so a 10,000-tender request does not stall the server. */
const YIELD_EVERY = 200;

/**
 * 电子监督: statistical bid-rigging screens (围标串标筛查) of tenders submitted by a supervisor.
 * Read-only (nothing is stored), so no audit entry.
 */
export function screensRoutes(model: RiskModel = DEFAULT_RISK_MODEL): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/supervision/screens",
      {
        config: { access: allow("supervisor", "inspector", "centre_staff") },
        schema: {
          operationId: "screenTenders",
          summary: "围标串标统计筛查（金额单位：分）/ statistical bid-rigging screens and collusion risk per tender (amounts in fen)",
          tags,
          body: z.strictObject({ tenders: z.array(tenderSchema).min(1).max(10000) }),
        },
      },
      async (request) => {
        const items: ScreenedTender[] = [];
        for (const [i, tender] of request.body.tenders.entries()) {
          if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
          items.push(screenTender(tender, model));
        }
        return { items };
      },
    );
  };
}
