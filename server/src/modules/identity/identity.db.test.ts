import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { generateSm2KeyPair, signSm2 } from "../../platform/crypto/sm2.ts";
import { bearer, startTestPlatform, type TestPlatform } from "../../test-support/test-platform.ts";
import { LOCK_MINUTES, MAX_FAILED_LOGINS } from "./domain/lockout.ts";

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const inject = (options: InjectOptions) => platform.app.http.inject(options);
const login = (username: string, password: string) => inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password } });

async function createAccount(body: Record<string, unknown>) {
  return inject({ method: "POST", url: "/api/v1/accounts", headers: bearer(await platform.login("admin")), payload: body });
}

describe("password login", () => {
  it("issues a bearer token that identifies the account and its role", async () => {
    const response = await login("supervisor", "Ggzy#Demo2026");
    expect(response.statusCode).toBe(200);
    const { token, user } = response.json();
    expect(user).toMatchObject({ username: "supervisor", role: "supervisor", departmentCode: "330100-zj" });
    const me = await inject({ url: "/api/v1/auth/me", headers: bearer(token) });
    expect(me.json().username).toBe("supervisor");
  });

  it("stores argon2id hashes, never the password", async () => {
    const row = await platform.database.db.selectFrom("user_account").select("password_hash").where("username", "=", "bidder").executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.password_hash).not.toContain("Ggzy#Demo2026");
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    const unknown = await login("nobody-here", "whatever-123");
    const wrong = await login("expert", "wrong-password-1");
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().code).toBe("LOGIN_FAILED");
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it(`locks the account after ${MAX_FAILED_LOGINS} failures, even for the right password, until ${LOCK_MINUTES} minutes pass`, async () => {
    for (let i = 1; i < MAX_FAILED_LOGINS; i++) expect((await login("agency", `bad-password-${i}`)).statusCode).toBe(401);
    const fifth = await login("agency", "bad-password-5");
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().code).toBe("ACCOUNT_LOCKED");
    expect((await login("agency", "Ggzy#Demo2026")).statusCode).toBe(423);
    platform.clock.advance((LOCK_MINUTES - 1) * 60_000);
    expect((await login("agency", "Ggzy#Demo2026")).statusCode).toBe(423);
    platform.clock.advance(61_000);
    expect((await login("agency", "Ggzy#Demo2026")).statusCode).toBe(200);
    const entries = await platform.database.db.selectFrom("audit_entry").select("action").where("actor_username", "=", "agency").orderBy("id").execute();
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["auth.login_failed", "auth.locked", "auth.login.password"]));
  });

  it("revokes a session at logout and all sessions of an account on the administrator's order", async () => {
    const first = (await login("tenderer", "Ggzy#Demo2026")).json().token;
    const second = (await login("tenderer", "Ggzy#Demo2026")).json().token;
    expect((await inject({ method: "POST", url: "/api/v1/auth/logout", headers: bearer(first) })).statusCode).toBe(204);
    expect((await inject({ url: "/api/v1/auth/me", headers: bearer(first) })).json().code).toBe("TOKEN_INVALID");
    expect((await inject({ url: "/api/v1/auth/me", headers: bearer(second) })).statusCode).toBe(200);
    const me = (await inject({ url: "/api/v1/auth/me", headers: bearer(second) })).json();
    await inject({ method: "POST", url: `/api/v1/accounts/${me.id}/sessions/revoke`, headers: bearer(await platform.login("admin")) });
    expect((await inject({ url: "/api/v1/auth/me", headers: bearer(second) })).statusCode).toBe(401);
  });

  it("refuses a revoked token at once in another server process that had it cached", async () => {
    // A second application on the same database stands for another server process with its own session cache.
    const other = await buildApp({ database: platform.database, signer: platform.signer, clock: platform.clock, custodianKeyDir: platform.custodianKeyDir });
    try {
      const token = (await login("inspector", "Ggzy#Demo2026")).json().token;
      const me = () => other.http.inject({ url: "/api/v1/auth/me", headers: bearer(token) });
      expect((await me()).statusCode).toBe(200);
      expect((await inject({ method: "POST", url: "/api/v1/auth/logout", headers: bearer(token) })).statusCode).toBe(204);
      // The revocation's event reaches the other process after the commit.
      const deadline = Date.now() + 2000;
      let status = (await me()).statusCode;
      while (status === 200 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        status = (await me()).statusCode;
      }
      expect(status).toBe(401);
    } finally {
      await other.http.close();
    }
  });

  it("lists my sessions and lets me end another one of mine, but not someone else's", async () => {
    const laptop = (await login("expertadmin", "Ggzy#Demo2026")).json().token;
    const phone = (await login("expertadmin", "Ggzy#Demo2026")).json().token;
    const sessions = (await inject({ url: "/api/v1/auth/sessions", headers: bearer(laptop) })).json().items;
    const current = sessions.find((s: { current: boolean }) => s.current);
    const other = sessions.find((s: { current: boolean; active: boolean }) => !s.current && s.active);
    expect(current).toMatchObject({ method: "password", active: true });
    expect(other).toBeDefined();
    expect((await inject({ method: "DELETE", url: `/api/v1/auth/sessions/${other.id}`, headers: bearer(laptop) })).statusCode).toBe(204);
    expect((await inject({ url: "/api/v1/auth/me", headers: bearer(phone) })).statusCode).toBe(401);
    const foreign = await inject({ method: "DELETE", url: `/api/v1/auth/sessions/${current.id}`, headers: bearer(await platform.login("extractor")) });
    expect(foreign.statusCode).toBe(404);
    expect((await inject({ url: "/api/v1/auth/me", headers: bearer(laptop) })).statusCode).toBe(200);
  });

  it("expires sessions with time", async () => {
    const token = (await login("inspector", "Ggzy#Demo2026")).json().token;
    platform.clock.advance(13 * 3_600_000);
    expect((await inject({ url: "/api/v1/auth/me", headers: bearer(token) })).statusCode).toBe(401);
    platform.forget("admin");
  });

  it("refuses weak passwords with a precise reason", async () => {
    const response = await createAccount({ username: "weakling", password: "abc12345", displayName: "弱", role: "expert", platformCode: "330100" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "PASSWORD_WEAK", detail: "密码至少10位" });
  });
});

describe("separation of duties", () => {
  const person = "330106198601010105"; // the demo agency account's person

  it("refuses a trading-centre role for a person who is a supervisor (管办分离)", async () => {
    const response = await createAccount({
      username: "zj-centre",
      password: "Strong#Pass2026",
      displayName: "刘强",
      role: "centre_staff",
      platformCode: "330100",
      idCard: "330203199007200038",
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("SEPARATION_OF_DUTIES");
    expect(response.json().detail).toContain("管办分离");
  });

  it("keeps expert-database maintenance, extraction and supervision three different people (三端分离)", async () => {
    const asExtractor = await createAccount({
      username: "db-extract",
      password: "Strong#Pass2026",
      displayName: "郑丽",
      role: "expert_extractor",
      platformCode: "330100",
      idCard: "330106198806060069",
    });
    expect(asExtractor.json().code).toBe("SEPARATION_OF_DUTIES");
    const asSupervisor = await createAccount({
      username: "db-super",
      password: "Strong#Pass2026",
      displayName: "冯军",
      role: "supervisor",
      departmentCode: "330100-sl",
      platformCode: "330100",
      idCard: "330203199302020072",
    });
    expect(asSupervisor.json().code).toBe("SEPARATION_OF_DUTIES");
  });

  it("allows compatible roles for one person", async () => {
    const response = await createAccount({
      username: "agency-expert",
      password: "Strong#Pass2026",
      displayName: "兼职专家",
      role: "expert",
      platformCode: "330100",
      idCard: person,
    });
    expect(response.statusCode).toBe(201);
  });

  it("refuses an invalid identity card number with the check digit it expected", async () => {
    const response = await createAccount({
      username: "bad-id",
      password: "Strong#Pass2026",
      displayName: "x",
      role: "expert",
      platformCode: "330100",
      idCard: "110105194912310021",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("ID_CARD_INVALID");
    expect(response.json().detail).toContain("X");
  });
});

describe("CA certificate login (SM2/SM3)", () => {
  it("logs in by signing the server's nonce with the registered SM2 key, once", async () => {
    const keys = generateSm2KeyPair();
    const token = await platform.login("bidder2");
    const registered = await inject({
      method: "POST",
      url: "/api/v1/auth/certificates",
      headers: bearer(token),
      payload: { serial: "CFCA-SM2-0001", publicKey: keys.publicKey, subjectDn: "CN=宁波示范建工集团有限公司" },
    });
    expect(registered.statusCode).toBe(201);
    expect(registered.json().algorithm).toBe("SM2");

    const { nonce } = (await inject({ method: "POST", url: "/api/v1/auth/certificate/challenge" })).json();
    const signature = signSm2(nonce, keys.privateKey);
    const ok = await inject({ method: "POST", url: "/api/v1/auth/certificate/login", payload: { serial: "CFCA-SM2-0001", nonce, signature } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.username).toBe("bidder2");

    const replay = await inject({ method: "POST", url: "/api/v1/auth/certificate/login", payload: { serial: "CFCA-SM2-0001", nonce, signature } });
    expect(replay.statusCode).toBe(401);

    const other = generateSm2KeyPair();
    const fresh = (await inject({ method: "POST", url: "/api/v1/auth/certificate/challenge" })).json().nonce;
    const forged = signSm2(fresh, other.privateKey);
    const refused = await inject({
      method: "POST",
      url: "/api/v1/auth/certificate/login",
      payload: { serial: "CFCA-SM2-0001", nonce: fresh, signature: forged },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe("CERTIFICATE_LOGIN_FAILED");
  });

  it("leaves an audit log that verifies: every row change went through the platform", async () => {
    expect(await platform.auditProblems()).toEqual([]);
  });
});
