import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = (options: InjectOptions) => platform.app.http.inject(options);
const register = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  inject({ method: "POST", url: "/api/v1/subjects", payload, headers });

describe("subject registration (主体库, once-only)", () => {
  it("registers an organisation by its code, normalising lower case", async () => {
    const response = await register({
      uscc: "914403001922038216".toLowerCase(),
      name: "华为技术有限公司",
      legalRepresentative: "赵明路",
      registeredCapitalFen: 4_104_113_182_00,
      regionCode: "440300",
      basicBank: "中国银行深圳分行",
      basicAccountNo: "7433-5798-1234",
      contactName: "张三",
      contactPhone: "0755-28780808",
      roles: ["bidder"],
      platformCode: "330200",
      qualifications: [
        {
          kind: "qualification",
          name: "电子与智能化工程专业承包",
          certificateNo: "D244000001",
          grade: "一级",
          validFrom: "2024-01-01",
          validUntil: "2025-12-31",
        },
      ],
    });
    expect(response.statusCode).toBe(201);
    const subject = response.json();
    expect(subject).toMatchObject({ uscc: "914403001922038216", registeredPlatformCode: "330200", verification: "pending", roles: ["bidder"], version: 1 });
    // The public sees the profile but not the bank account or contacts.
    expect(subject.basicAccountNo).toBeUndefined();
    expect(subject.qualifications[0]).toMatchObject({ certificateNo: "D244000001", expired: true });
  });

  it("refuses an invalid code with USCC_INVALID and a precise zh-CN message (en on request)", async () => {
    const zh = await register({ uscc: "91350100M000100Y44", name: "坏代码" });
    expect(zh.statusCode).toBe(400);
    expect(zh.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(zh.json()).toMatchObject({ code: "USCC_INVALID", status: 400, title: "统一社会信用代码无效", reason: "CHECK_DIGIT" });
    expect(zh.json().detail).toContain("第18位应为3");
    const en = await register({ uscc: "91350100M00O100Y43", name: "bad" }, { "accept-language": "en-US,en;q=0.9" });
    expect(en.json()).toMatchObject({ code: "USCC_INVALID", reason: "CHARSET", title: "Invalid unified social credit code" });
    const short = await register({ uscc: "9135010", name: "short" });
    expect(short.json()).toMatchObject({ code: "USCC_INVALID", reason: "LENGTH" });
  });

  it("recognises a registered subject on every platform: a second registration is refused", async () => {
    await register({ uscc: "91350100M000100Y43", name: "示例一", platformCode: "330100" });
    const again = await register({ uscc: "91350100m000100y43", name: "示例一（重复）", platformCode: "330212" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "SUBJECT_EXISTS" });
    const found = await inject({ url: "/api/v1/subjects/by-uscc/91350100M000100Y43" });
    expect(found.json()).toMatchObject({ name: "示例一", registeredPlatformCode: "330100" });
  });

  it("creates the subject's first account with a real-name identity, able to log in", async () => {
    const ok = await register({
      uscc: "123301004710000076",
      name: "杭州示范事业单位",
      roles: ["tenderer"],
      account: { username: "shiye-admin", password: "Strong#Pass2026", displayName: "事业单位管理员", idCard: "11010519491231002X", role: "tenderer" },
    });
    expect(ok.statusCode).toBe(201);
    const token = await platform.login("shiye-admin", "Strong#Pass2026");
    const me = (await inject({ url: "/api/v1/auth/me", headers: bearer(token) })).json();
    expect(me).toMatchObject({ role: "tenderer", subjectUscc: "123301004710000076" });
    // Its own account sees the private fields and what is missing for trading.
    const own = (await inject({ url: `/api/v1/subjects/${ok.json().id}`, headers: bearer(token) })).json();
    expect(own.missingRequiredFields).toEqual(expect.arrayContaining(["legalRepresentative", "registeredCapitalFen", "contactName"]));
  });

  it("keeps history of profile changes and refuses stale versions", async () => {
    const token = await platform.login("bidder");
    const me = (await inject({ url: "/api/v1/auth/me", headers: bearer(token) })).json();
    const before = (await inject({ url: `/api/v1/subjects/${me.subjectId}`, headers: bearer(token) })).json();
    const patched = await inject({
      method: "PATCH",
      url: `/api/v1/subjects/${me.subjectId}`,
      headers: bearer(token),
      payload: { version: before.version, basicAccountNo: "19000101040000999", contactPhone: "0571-88888888" },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ version: before.version + 1, basicAccountNo: "19000101040000999" });
    const cleared = await inject({
      method: "PATCH",
      url: `/api/v1/subjects/${me.subjectId}`,
      headers: bearer(token),
      payload: { version: before.version + 1, contactPhone: null },
    });
    expect(cleared.json()).toMatchObject({ version: before.version + 2, contactPhone: null });
    const stale = await inject({
      method: "PATCH",
      url: `/api/v1/subjects/${me.subjectId}`,
      headers: bearer(token),
      payload: { version: before.version, contactPhone: "1" },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("VERSION_CONFLICT");
    const history = (await inject({ url: `/api/v1/subjects/${me.subjectId}/history`, headers: bearer(token) })).json().items;
    expect(history.map((h: { version: number }) => h.version)).toEqual([before.version + 1, before.version]);
    expect(history[1]).toMatchObject({ version: before.version, changedByUsername: "bidder" });
    expect(history[1].snapshot.basic_account_no).toBe(before.basicAccountNo);
  });

  it("lets nobody edit another organisation's profile", async () => {
    const token = await platform.login("bidder2");
    const me = (await inject({ url: "/api/v1/auth/me", headers: bearer(token) })).json();
    const other = (await inject({ url: "/api/v1/subjects/by-uscc/91330106MA2H03004D" })).json();
    expect(other.id).not.toBe(me.subjectId);
    const response = await inject({
      method: "PATCH",
      url: `/api/v1/subjects/${other.id}`,
      headers: bearer(token),
      payload: { version: other.version, name: "抢注" },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe("FORBIDDEN_SCOPE");
  });

  it("has the trading centre verify registrations, but never one its own staff registered", async () => {
    const centre = await platform.login("centre");
    const registered = await register({ uscc: "91440300708461136T", name: "腾讯科技（深圳）有限公司" }, bearer(centre));
    expect(registered.statusCode).toBe(201);
    const id = registered.json().id;
    const self = await inject({ method: "POST", url: `/api/v1/subjects/${id}/verification`, headers: bearer(centre), payload: { decision: "verified" } });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe("SELF_APPROVAL");
    const admin = await platform.login("admin");
    const colleague = await inject({
      method: "POST",
      url: "/api/v1/accounts",
      headers: bearer(admin),
      payload: {
        username: "centre2",
        password: "Strong#Pass2026",
        displayName: "交易中心 二号",
        role: "centre_staff",
        platformCode: "330100",
        idCard: "330106199001010018",
      },
    });
    expect(colleague.statusCode).toBe(201);
    const other = await platform.login("centre2", "Strong#Pass2026");
    const verified = await inject({
      method: "POST",
      url: `/api/v1/subjects/${id}/verification`,
      headers: bearer(other),
      payload: { decision: "verified", note: "与营业执照一致" },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().verification).toBe("verified");
  });

  it("searches the registry publicly by name or code", async () => {
    const byName = (await inject({ url: `/api/v1/subjects?q=${encodeURIComponent("示范")}&limit=100` })).json().items;
    expect(byName.length).toBeGreaterThanOrEqual(5);
    const byCode = (await inject({ url: "/api/v1/subjects?q=91330106ma2h03004d" })).json().items;
    expect(byCode).toHaveLength(1);
    expect(byCode[0].name).toBe("杭州示范建设工程有限公司");
    const agencies = (await inject({ url: "/api/v1/subjects?role=agency" })).json();
    expect(agencies.items.map((s: { name: string }) => s.name)).toEqual(["浙江示范工程咨询有限公司"]);
    expect(agencies.total).toBe(1);
    const pending = (await inject({ url: "/api/v1/subjects?verification=pending&limit=1" })).json();
    expect(pending.items).toHaveLength(1);
    expect(pending.total).toBeGreaterThan(1);
    expect(pending.items[0].verification).toBe("pending");
  });

  it("records staff (执业人员) keyed by identity card", async () => {
    const token = await platform.login("agency");
    const me = (await inject({ url: "/api/v1/auth/me", headers: bearer(token) })).json();
    const response = await inject({
      method: "POST",
      url: `/api/v1/subjects/${me.subjectId}/staff`,
      headers: bearer(token),
      payload: { idCard: "330106199102020020", name: "钱工", position: "项目负责人", practiceCertificateNo: "浙1332020202001234" },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().staff).toContainEqual(expect.objectContaining({ name: "钱工", idCard: "330106199102020020", position: "项目负责人" }));
    const publicView = (await inject({ url: `/api/v1/subjects/${me.subjectId}` })).json();
    expect(publicView.staff[0].idCard).toBeUndefined();
  });

  it("leaves an audit log that verifies: every row change went through the platform", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
