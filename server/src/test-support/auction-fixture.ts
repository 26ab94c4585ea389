import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

/** 1万元 in 分. */
export const WAN = 1_000_000;

/** The demo bidders and their registered 基本账户 (a deposit is accepted only from it). */
export const BIDDER = { username: "bidder", account: "19000101040000303" } as const;
export const BIDDER2 = { username: "bidder2", account: "51010122000000404" } as const;

/** A test's request as a demo account (as the `inject(options, username)` helpers of the auction tests do). */
export type InjectAs = (options: InjectOptions, username?: string) => Promise<LightMyRequestResponse>;

/** The bidder applies, the centre records the deposit from its basic account and qualifies it: returns the 竞买号. */
export async function enrol(inject: InjectAs, lotId: number, b: { username: string; account: string }, depositFen: number): Promise<string> {
  const applied = await inject({ method: "POST", url: `/api/v1/auction-lots/${lotId}/applications` }, b.username);
  const id = applied.json().applicationId;
  const paid = await inject(
    { method: "POST", url: `/api/v1/auction-applications/${id}/deposit`, payload: { amountFen: depositFen, payerAccountNo: b.account } },
    "centre",
  );
  expect(paid.statusCode, paid.body).toBe(200);
  const reviewed = await inject({ method: "POST", url: `/api/v1/auction-applications/${id}/review`, payload: { qualified: true } }, "centre");
  expect(reviewed.statusCode, reviewed.body).toBe(200);
  return reviewed.json().bidderNumber as string;
}
