import { z } from "zod";

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

/** The actions a sanction may restrict (data set 302 CONFINED_ACTION). */
export const restrictedActionsBody = z.array(z.enum(["register", "bid", "auction", "evaluate"])).max(4);

/**
 * A credit record written together with a supervisory decision — closing an alert, deciding a complaint,
 * recording an inspection finding — as the `credit` part of that request.
 */
export const decisionCreditBody = z.strictObject({
  subjectUscc: z.string().max(40),
  kind: z.enum(["violation", "blacklist"]),
  reason: z.string().trim().min(1).max(2000),
  documentNo: z.string().trim().min(1).max(100),
  restrictedActions: restrictedActionsBody,
  endsAt: instant.optional(),
});
