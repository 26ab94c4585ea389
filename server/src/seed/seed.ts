import type { Services } from "../app.ts";
import { INDUSTRIES } from "../modules/regions/regions-service.ts";
import { systemClock } from "../platform/clock.ts";
import { change } from "../platform/deps.ts";
import { systemContext } from "../platform/http/actor.ts";
import { seedDemoAuctions } from "./demo-auctions.ts";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PLATFORMS, DEMO_SUBJECTS } from "./demo-data.ts";

export interface SeedReport {
  calendarDays: number;
  demo: "seeded" | "already-seeded" | "skipped";
  /** The auction lots of the demo (seed/demo-auctions.ts). */
  auctions: "seeded" | "already-seeded" | "skipped" | "failed";
  accounts: { username: string; role: string }[];
}

/**
 * First-start seeding. Each part claims its installation key in the same transaction as its rows,
 * so it runs exactly once however many processes start together.
 */
export async function seedInstallation(services: Services, options: { demo: boolean; auctions?: boolean }): Promise<SeedReport> {
  const { deps } = services;
  const report: SeedReport = { calendarDays: 0, demo: "skipped", auctions: "skipped", accounts: [] };

  if (!(await hasKey(services, "calendar_seeded_at"))) {
    report.calendarDays = await services.calendar.seed(systemContext("seed"));
    await claim(services, "calendar_seeded_at");
  }
  if (!options.demo) return report;

  const ctx = systemContext("demo-seed");
  const seeded = await change(deps, async (trx) => {
    const claimed = await trx
      .insertInto("installation")
      .values({ key: "demo_seeded_at", value: JSON.stringify(deps.clock.now().toISOString()) })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!claimed) return false;
    for (const p of DEMO_PLATFORMS) {
      await trx.insertInto("platform").values({ code: p.code, name: p.name, level: p.level, parent_code: p.parentCode }).execute();
      await deps.audit.record(trx, ctx, { action: "platform.create", objectType: "platform", objectId: p.code });
      for (const [industry, name] of Object.entries(INDUSTRIES)) {
        const code = `${p.code}-${industry}`;
        const prefix = p.name.replace("公共资源交易平台", "");
        await trx
          .insertInto("department")
          .values({ code, platform_code: p.code, industry, name: `${prefix}${name}` })
          .execute();
        await deps.audit.record(trx, ctx, { action: "department.create", objectType: "department", objectId: code });
      }
    }
    const subjectIds = new Map<string, number>();
    for (const s of DEMO_SUBJECTS) {
      const { id } = await trx
        .insertInto("subject")
        .values({
          uscc: s.uscc,
          name: s.name,
          legal_representative: s.legalRepresentative,
          registered_capital_fen: s.registeredCapitalFen,
          region_code: s.regionCode,
          basic_bank: s.basicBank,
          basic_account_no: s.basicAccountNo,
          basic_account_name: s.name,
          contact_name: s.legalRepresentative,
          contact_phone: "0571-87000000",
          verification: "verified",
          registered_platform_code: s.regionCode.endsWith("00") ? s.regionCode : `${s.regionCode.slice(0, 4)}00`,
          registered_by: null,
          created_at: deps.clock.now(),
          updated_at: deps.clock.now(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const role of s.roles) await trx.insertInto("subject_role").values({ subject_id: id, role }).execute();
      await deps.audit.record(trx, ctx, { action: "subject.register", objectType: "subject", objectId: id, detail: { uscc: s.uscc, demo: true } });
      subjectIds.set(s.key, id);
    }
    for (const a of DEMO_ACCOUNTS) {
      await services.identity.createAccountIn(trx, ctx, {
        username: a.username,
        password: DEMO_PASSWORD,
        displayName: a.displayName,
        role: a.role,
        platformCode: a.platformCode,
        idCard: a.idCard,
        personName: a.displayName.split(" ").at(-1),
        subjectId: a.subjectKey ? subjectIds.get(a.subjectKey) : undefined,
        departmentCode: a.departmentCode,
      });
    }
    return true;
  });
  report.demo = seeded ? "seeded" : "already-seeded";
  if (seeded) report.accounts = DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role }));

  // The auction lots are scheduled around the real clock (one open now): on by default on the system clock only, so
  // tests and benchmarks on a test clock start without them unless they ask.
  if (options.auctions ?? deps.clock === systemClock) report.auctions = await seedAuctions(services);
  return report;
}

/** The demo's auction lots, once per installation (the key is claimed first, so concurrent starts seed them once). */
async function seedAuctions(services: Services): Promise<SeedReport["auctions"]> {
  const claimed = await services.deps.db
    .insertInto("installation")
    .values({ key: "demo_auctions_seeded_at", value: JSON.stringify(services.deps.clock.now().toISOString()) })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  if (!claimed) return "already-seeded";
  try {
    await seedDemoAuctions(services);
    return "seeded";
  } catch (error) {
    // A demo that cannot be built does not keep the platform from starting; the claim stays (no second partial copy).
    console.warn(`demo auctions not seeded: ${(error as Error).message}`);
    return "failed";
  }
}

async function hasKey(services: Services, key: string) {
  const row = await services.deps.db.selectFrom("installation").select("key").where("key", "=", key).executeTakeFirst();
  return row !== undefined;
}

async function claim(services: Services, key: string) {
  await services.deps.db
    .insertInto("installation")
    .values({ key, value: JSON.stringify(services.deps.clock.now().toISOString()) })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
}

/** Printed once, right after the demo was seeded. */
export function demoBanner(report: SeedReport): string {
  if (report.demo !== "seeded") return "";
  const lines = report.accounts.map((a) => `  ${a.username.padEnd(16)} ${a.role}`);
  return [
    "",
    "演示数据已初始化 / demo installation seeded (this is shown only once):",
    ...lines,
    `  password for every demo account: ${DEMO_PASSWORD}`,
    "",
  ].join("\n");
}
