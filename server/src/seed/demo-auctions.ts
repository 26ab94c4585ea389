import type { Services } from "../app.ts";
import type { Role } from "../modules/identity/domain/roles.ts";
import { startOfCivilDay, toCivilDate } from "../platform/calendar/working-days.ts";
import type { Clock } from "../platform/clock.ts";
import { type ActionContext, systemContext } from "../platform/http/actor.ts";

const DAY = 86_400_000;
const WAN = 1_000_000; // 1万元 in 分

/** A clock the seed moves: the demo's lots are created, bid on and closed at the times their rules require. */
class SeedClock implements Clock {
  constructor(private at: number) {}
  now() {
    return new Date(this.at);
  }
  set(at: Date) {
    this.at = at.getTime();
  }
}

/** Beijing `hh:00` of a civil day, as an instant. */
const beijingHour = (day: string, hour: number) => new Date(startOfCivilDay(day).getTime() + hour * 3_600_000);

/** The context of a demo account acting (as if signed in), from its row. */
async function actingAs(services: Services, username: string): Promise<ActionContext> {
  const u = await services.deps.db
    .selectFrom("user_account as u")
    .leftJoin("subject as s", "s.id", "u.subject_id")
    .select(["u.id", "u.username", "u.role", "u.person_id", "u.subject_id", "u.department_code", "u.platform_code", "s.uscc"])
    .where("u.username", "=", username)
    .executeTakeFirstOrThrow();
  return {
    actor: {
      userId: u.id,
      username: u.username,
      role: u.role as Role,
      personId: u.person_id,
      subjectId: u.subject_id,
      subjectUscc: u.uscc,
      departmentCode: u.department_code,
      platformCode: u.platform_code,
      sessionId: null,
    },
    ip: "127.0.0.1",
    requestId: "system-demo-seed",
  };
}

export interface DemoAuctionReport {
  openListing: number;
  scheduledAuction: number;
  soldWithConfirmation: number;
}

/**
 * The auction family of the demo, through the services and their rules (lead times, deposits from the basic
 * account, the review, the ladder, the close), with the services' clock set back while it runs — the audit log
 * keeps the real time of each entry:
 * - a land 挂牌 lot announced 25 days ago, open for bidding now (two numbered demo bidders, two bids);
 * - a mining-right 拍卖 scheduled 22 days ahead;
 * - a state-owned equity 网络竞价 (多次报价) closed about a month ago, sold, its 成交确认书 issued.
 * Runs before the server listens (nothing else reads the clock meanwhile); the clock is put back however it ends.
 */
export async function seedDemoAuctions(services: Services): Promise<DemoAuctionReport> {
  const { deps } = services;
  const realClock = deps.clock;
  const now = realClock.now().getTime();
  const clock = new SeedClock(now);
  const at = (ms: number) => clock.set(new Date(ms));
  const calendar = await services.calendar.calendar();
  const seller = await actingAs(services, "tenderer");
  const centre = await actingAs(services, "centre");
  const bidder = await actingAs(services, "bidder");
  const bidder2 = await actingAs(services, "bidder2");
  const bidders = [
    { ctx: bidder, account: "19000101040000303" },
    { ctx: bidder2, account: "51010122000000404" },
  ] as const;
  const enrol = async (lotId: number, depositFen: number) => {
    for (const b of bidders) {
      const { applicationId } = await services.auctionApplications.apply(b.ctx, lotId);
      await services.auctionApplications.recordDeposit(centre, applicationId, { amountFen: depositFen, payerAccountNo: b.account });
      await services.auctionApplications.review(centre, applicationId, { qualified: true, note: "演示：资格审查通过" });
    }
  };
  let n = 0;
  const bid = (ctx: ActionContext, lotId: number, priceFen: number) =>
    services.auctionBidding.bid(ctx, lotId, { priceFen, clientBidId: `demo-seed-${lotId}-${++n}-${priceFen}` });

  (deps as { clock: Clock }).clock = clock;
  try {
    // 1. 挂牌 open now: announced 25 days ago, listing from 3 days ago for at least 12 working days (and a week from now).
    const announced = now - 25 * DAY;
    const opensDay = toCivilDate(new Date(now - 3 * DAY));
    const byWorkdays = calendar.addWorkingDays(opensDay, 12);
    const weekAhead = toCivilDate(new Date(now + 7 * DAY));
    at(announced);
    const listing = await services.auctions.createLot(seller, {
      kind: "land",
      method: "listing",
      name: "杭政储出〔2026〕58号 西湖区转塘单元地块国有建设用地使用权（演示）",
      description: "演示数据：住宅用地，出让面积 35,210 平方米，容积率 1.8，出让年限 70 年。",
      divisionCode: "330106",
      approvalLevel: "city",
      departmentCode: "330100-zrzy",
      opensAt: beijingHour(opensDay, 9),
      endsAt: beijingHour([byWorkdays, weekAhead].sort()[1] as string, 15),
      startingPriceFen: 8_000 * WAN,
      incrementFen: 50 * WAN,
      depositFen: 1_600 * WAN,
      reserveFen: 8_200 * WAN,
      countdownSeconds: 300,
    });
    at(announced + 2 * DAY);
    await enrol(listing.id, 1_600 * WAN);
    at(now - 2 * DAY);
    await bid(bidder, listing.id, 8_000 * WAN);
    at(now - DAY);
    await bid(bidder2, listing.id, 8_050 * WAN);

    // 2. 拍卖 scheduled: announced now, 22 days before the sale.
    at(now);
    const auctionDay = toCivilDate(new Date(now + 22 * DAY));
    const scheduled = await services.auctions.createLot(seller, {
      kind: "mining",
      method: "auction",
      name: "余杭区某建筑用石料（凝灰岩）矿采矿权（演示）",
      description: "演示数据：采矿权拍卖出让，矿区面积 0.2136 平方千米，出让年限 10 年。",
      divisionCode: "330110",
      approvalLevel: "city",
      departmentCode: "330100-zrzy",
      opensAt: beijingHour(auctionDay, 9),
      endsAt: beijingHour(auctionDay, 11),
      startingPriceFen: 3_000 * WAN,
      incrementFen: 20 * WAN,
      depositFen: 600 * WAN,
      reserveFen: 3_100 * WAN,
      countdownSeconds: 180,
    });

    // 3. Sold and confirmed: a 产权 disclosure of 21 working days from 60 days ago, the 多次报价 on its day, the close, the 成交确认书.
    const disclosed = now - 60 * DAY;
    const saleDay = calendar.addWorkingDays(toCivilDate(new Date(disclosed)), 21);
    at(disclosed);
    const equity = await services.auctions.createLot(seller, {
      kind: "equity",
      method: "multi_round",
      name: "杭州示范城投所持杭州示范物业服务有限公司 35% 股权（演示）",
      description: "演示数据：企业国有产权转让，评估值 850 万元。",
      divisionCode: "330106",
      approvalLevel: "city",
      departmentCode: "330100-gz",
      opensAt: beijingHour(saleDay, 9),
      endsAt: beijingHour(saleDay, 10),
      startingPriceFen: 800 * WAN,
      incrementFen: 10 * WAN,
      depositFen: 80 * WAN,
      appraisalFen: 850 * WAN,
      countdownSeconds: 60,
    });
    at(disclosed + DAY);
    await enrol(equity.id, 80 * WAN);
    at(beijingHour(saleDay, 9).getTime() + 20 * 60_000);
    await bid(bidder, equity.id, 800 * WAN);
    at(beijingHour(saleDay, 9).getTime() + 40 * 60_000);
    await bid(bidder2, equity.id, 820 * WAN);
    at(beijingHour(saleDay, 10).getTime() + 60_000);
    await services.auctionClosing.close(systemContext("auction-close"), equity.id);
    at(beijingHour(saleDay, 11).getTime());
    await services.dealConfirmations.issue(centre, equity.id);
    return { openListing: listing.id, scheduledAuction: scheduled.id, soldWithConfirmation: equity.id };
  } finally {
    (deps as { clock: Clock }).clock = realClock;
  }
}
