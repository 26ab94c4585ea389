import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bidderShare } from "../../test-support/bidder-tool.ts";
import { FIXTURE_PASSWORD, tenderToOpened } from "../../test-support/tender-fixture.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

describe("failed decryption (电子招标投标办法第三十一条)", () => {
  it("is 撤回 when the platform is at fault (recoverable by the supervisor), 撤销 when the bidder is", async () => {
    const prices = [4_100_000_000, 4_200_000_000, 4_300_000_000, 4_400_000_000];
    const { sectionId, bidders } = await tenderToOpened(platform, { prices, tag: "R", stopAtOpening: true });
    const decrypt = async (i: number) => {
      const b = bidders[i] as (typeof bidders)[number];
      const h = bearer(await platform.login(b.username, FIXTURE_PASSWORD));
      const mine = (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/my-bid`, headers: h })).json();
      return platform.app.http.inject({
        method: "POST",
        url: `/api/v1/sections/${sectionId}/bid/decryption`,
        headers: h,
        payload: { share: bidderShare(mine.bid.bidderShare, b.keys.privateKey) },
      });
    };
    // The trading centre's key is lost: not the bidders' fault.
    const keyFile = fs.readdirSync(platform.custodianKeyDir).find((f) => f.startsWith("centre-330100")) as string;
    const saved = path.join(platform.custodianKeyDir, `${keyFile}.bak`);
    fs.renameSync(path.join(platform.custodianKeyDir, keyFile), saved);
    expect((await decrypt(0)).json()).toMatchObject({ decrypted: false, cause: "platform" });
    expect((await decrypt(1)).json()).toMatchObject({ decrypted: false, cause: "platform" });

    const bidsOf = async () =>
      (await platform.app.http.inject({ url: `/api/v1/sections/${sectionId}/bidders`, headers: bearer(await platform.login("supervisor")) })).json().bids;
    const first = (await bidsOf()).find((b: { uscc: string }) => b.uscc === bidders[0]?.uscc);
    const wrongDepartment = await platform.app.http.inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/bids/${first.id}/recovery`,
      headers: bearer(await platform.login("supervisor-fgw")),
    });
    expect(wrongDepartment.json().code).toBe("FORBIDDEN_SCOPE");
    const recovered = await platform.app.http.inject({
      method: "POST",
      url: `/api/v1/sections/${sectionId}/bids/${first.id}/recovery`,
      headers: bearer(await platform.login("supervisor")),
    });
    expect(recovered.json()).toMatchObject({ decrypted: true, offer: { priceFen: prices[0] } });

    fs.renameSync(saved, path.join(platform.custodianKeyDir, keyFile));
    expect((await decrypt(2)).json()).toMatchObject({ decrypted: true, offer: { priceFen: prices[2] } });
    // Bidder 3 never decrypts; bidder 1 was never recovered.
    platform.clock.set("2026-05-25T02:00:00.001Z");
    const record = (
      await platform.app.http.inject({ method: "POST", url: `/api/v1/sections/${sectionId}/opening/close`, headers: bearer(await platform.login("centre")) })
    ).json();
    const byCode = Object.fromEntries(record.bids.map((b: { bidderCode: string }) => [b.bidderCode, b]));
    expect(byCode[bidders[0]?.uscc as string]).toMatchObject({ decrypted: true, priceFen: prices[0] });
    expect(byCode[bidders[1]?.uscc as string].note).toContain("撤回");
    expect(byCode[bidders[3]?.uscc as string].note).toContain("撤销");
    const statuses = Object.fromEntries((await bidsOf()).map((b: { uscc: string; status: string }) => [b.uscc, b.status]));
    expect([statuses[bidders[1]?.uscc as string], statuses[bidders[3]?.uscc as string]]).toEqual(["retracted", "revoked"]);
  });

  it("leaves an audit log that verifies", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
