import crypto from "node:crypto";
import { hash, type Options, verify } from "@node-rs/argon2";
import type { Transaction } from "kysely";
import { beijingMinute } from "../../platform/calendar/working-days.ts";
import { sm2PublicKeyHex, verifySm2 } from "../../platform/crypto/sm2.ts";
import type { DB } from "../../platform/db/schema.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, type Bilingual, notFound } from "../../platform/http/app-error.ts";
import { checkIdCard } from "./domain/id-card.ts";
import { afterFailure, isLocked, LOCK_MINUTES, SESSION_HOURS } from "./domain/lockout.ts";
import { passwordProblem } from "./domain/password-policy.ts";
import { isRole, ROLE_NAMES, type Role, roleConflict, SUBJECT_ROLES } from "./domain/roles.ts";
import { SESSIONS_TOPIC, SessionCache } from "./session-cache.ts";

/** argon2id (algorithm 2) with the OWASP-recommended cost: 19 MiB, 2 passes. */
const ARGON2: Options = { algorithm: 2 as Options["algorithm"], memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** A hash to verify against when the username is unknown, so timing does not tell names apart. */
const DUMMY_HASH = hash("ggzy-dummy-password", ARGON2);

export const hashPassword = (password: string) => hash(password, ARGON2);
const sha256 = (text: string) => crypto.createHash("sha256").update(text).digest("hex");

export interface NewAccount {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  platformCode: string;
  /** 居民身份证号 of the person behind the account (实名). */
  idCard?: string;
  personName?: string;
  phone?: string;
  subjectId?: number;
  departmentCode?: string;
}

export interface Session {
  token: string;
  expiresAt: Date;
  user: AccountView;
}

export interface AccountView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  roleName: { zh: string; en: string };
  platformCode: string;
  subjectId: number | null;
  subjectUscc: string | null;
  subjectName: string | null;
  departmentCode: string | null;
  status: "active" | "disabled";
}

export class IdentityService {
  private readonly sessions = new SessionCache();

  constructor(private readonly deps: Deps) {
    deps.events.subscribe(SESSIONS_TOPIC, (event) => this.sessions.evict(event.data.sessionIds as number[]));
  }

  /** Creates an account inside a running transaction (used by registration and seeding too). */
  /** Creates an account in a running change; `fieldPrefix` names the account's fields in errors (e.g. "account."). */
  async createAccountIn(trx: Transaction<DB>, ctx: ActionContext, input: NewAccount, fieldPrefix = ""): Promise<number> {
    const onField = (field: string, message: Bilingual) => ({ fieldErrors: [{ field: `${fieldPrefix}${field}`, ...message }] });
    const weak = passwordProblem(input.password, input.username);
    if (weak) throw new AppError("PASSWORD_WEAK", weak, onField("password", weak));
    if (!/^[a-zA-Z0-9_.@-]{3,64}$/.test(input.username)) {
      throw new AppError("VALIDATION_FAILED", { zh: "用户名须为3-64位字母、数字或 _ . @ -", en: "A username has 3-64 letters, digits or _ . @ -" });
    }
    if (SUBJECT_ROLES.includes(input.role) && input.subjectId === undefined) {
      throw new AppError("VALIDATION_FAILED", {
        zh: `${ROLE_NAMES[input.role].zh}账户须属于一个已注册主体`,
        en: `A ${input.role} account belongs to a registered subject`,
      });
    }
    if ((input.role === "supervisor") !== (input.departmentCode !== undefined)) {
      throw new AppError("VALIDATION_FAILED", {
        zh: "监管部门账户必须且只能指定所属监管部门",
        en: "Supervisor accounts, and only they, name their department",
      });
    }
    const platform = await trx.selectFrom("platform").select("code").where("code", "=", input.platformCode).executeTakeFirst();
    if (!platform) throw new AppError("PLATFORM_UNKNOWN", { zh: `交易平台 ${input.platformCode} 不存在`, en: `No platform ${input.platformCode}` });
    if (input.departmentCode) {
      const dept = await trx.selectFrom("department").select("code").where("code", "=", input.departmentCode).executeTakeFirst();
      if (!dept) throw new AppError("DEPARTMENT_UNKNOWN", { zh: `监管部门 ${input.departmentCode} 不存在`, en: `No department ${input.departmentCode}` });
    }
    const taken = await trx.selectFrom("user_account").select("id").where("username", "=", input.username).executeTakeFirst();
    if (taken) {
      const message = { zh: `用户名 ${input.username} 已被使用`, en: `The username ${input.username} is taken` };
      throw new AppError("USERNAME_TAKEN", message, onField("username", message));
    }

    let personId: number | null = null;
    if (input.idCard) {
      const check = checkIdCard(input.idCard, this.deps.clock.now());
      if (!check.ok) throw new AppError("ID_CARD_INVALID", { zh: check.zh, en: check.en }, onField("idCard", check));
      personId = await this.personIdFor(trx, ctx, check.value, input.personName ?? input.displayName, input.phone);
      const others = await trx
        .selectFrom("user_account")
        .select(["role", "username"])
        .where("person_id", "=", personId)
        .where("status", "=", "active")
        .execute();
      for (const other of others) {
        const rule = isRole(other.role) ? roleConflict(other.role, input.role) : undefined;
        if (rule) {
          throw new AppError("SEPARATION_OF_DUTIES", {
            zh: `同一人不得同时担任“${ROLE_NAMES[input.role].zh}”和“${ROLE_NAMES[other.role as Role].zh}”（${rule}，已有账户 ${other.username}）`,
            en: `One person may not be both ${input.role} and ${other.role} (${rule}; existing account ${other.username})`,
          });
        }
      }
    }
    const { id } = await trx
      .insertInto("user_account")
      .values({
        username: input.username,
        password_hash: await hashPassword(input.password),
        display_name: input.displayName,
        role: input.role,
        person_id: personId,
        subject_id: input.subjectId ?? null,
        department_code: input.departmentCode ?? null,
        platform_code: input.platformCode,
        locked_until: null,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(trx, ctx, {
      action: "account.create",
      objectType: "user_account",
      objectId: id,
      detail: { username: input.username, role: input.role },
    });
    return id;
  }

  private async personIdFor(trx: Transaction<DB>, ctx: ActionContext, idCard: string, name: string, phone?: string): Promise<number> {
    const existing = await trx.selectFrom("person").select("id").where("id_card", "=", idCard).executeTakeFirst();
    if (existing) return existing.id;
    const { id } = await trx
      .insertInto("person")
      .values({ id_card: idCard, name, phone: phone ?? null })
      .returning("id")
      .executeTakeFirstOrThrow();
    await this.deps.audit.record(trx, ctx, { action: "person.create", objectType: "person", objectId: id });
    return id;
  }

  createAccount(ctx: ActionContext, input: NewAccount): Promise<AccountView> {
    return change(this.deps, async (trx) => this.viewIn(trx, await this.createAccountIn(trx, ctx, input)));
  }

  async login(ctx: ActionContext, username: string, password: string, userAgent: string): Promise<Session> {
    const now = this.deps.clock.now();
    const account = await this.deps.db.selectFrom("user_account").selectAll().where("username", "=", username).executeTakeFirst();
    if (!account) {
      await verify(await DUMMY_HASH, password);
      throw new AppError("LOGIN_FAILED");
    }
    const actor = { ...ctx, actor: { ...ctx.actor, username: account.username } };
    if (isLocked(account.locked_until, now)) {
      throw new AppError(
        "ACCOUNT_LOCKED",
        {
          zh: `连续登录失败次数过多，账户已锁定至北京时间 ${beijingMinute(account.locked_until as Date)}`,
          en: `Too many failed logins; locked until ${beijingMinute(account.locked_until as Date)} Beijing time`,
        },
        { extra: { lockedUntil: account.locked_until?.toISOString() } },
      );
    }
    if (account.status !== "active") throw new AppError("ACCOUNT_DISABLED");
    if (!(await verify(account.password_hash, password))) {
      const next = afterFailure(account.failed_logins, now);
      await change(this.deps, async (trx) => {
        await trx.updateTable("user_account").set({ failed_logins: next.failedLogins, locked_until: next.lockedUntil }).where("id", "=", account.id).execute();
        await this.deps.audit.record(trx, actor, {
          action: next.lockedUntil ? "auth.locked" : "auth.login_failed",
          objectType: "user_account",
          objectId: account.id,
        });
      });
      if (next.lockedUntil) {
        throw new AppError(
          "ACCOUNT_LOCKED",
          { zh: `连续登录失败次数过多，账户锁定${LOCK_MINUTES}分钟`, en: `Too many failed logins; locked for ${LOCK_MINUTES} minutes` },
          { extra: { lockedUntil: next.lockedUntil.toISOString() } },
        );
      }
      throw new AppError("LOGIN_FAILED");
    }
    return this.openSession(actor, account.id, "password", userAgent);
  }

  private openSession(ctx: ActionContext, userId: number, method: "password" | "certificate", userAgent: string): Promise<Session> {
    const now = this.deps.clock.now();
    const token = `ggzy_${crypto.randomBytes(32).toString("base64url")}`;
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    return change(this.deps, async (trx) => {
      const reset = await trx
        .updateTable("user_account")
        .set({ failed_logins: 0, locked_until: null })
        .where("id", "=", userId)
        .where((eb) => eb.or([eb("failed_logins", "<>", 0), eb("locked_until", "is not", null)]))
        .returning("id")
        .executeTakeFirst();
      if (reset) await this.deps.audit.record(trx, ctx, { action: "auth.failures.reset", objectType: "user_account", objectId: userId });
      const { id } = await trx
        .insertInto("auth_session")
        .values({
          token_hash: sha256(token),
          user_id: userId,
          method,
          ip: ctx.ip,
          user_agent: userAgent.slice(0, 300),
          created_at: now,
          expires_at: expiresAt,
          revoked_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const user = await this.viewIn(trx, userId);
      const sessionCtx = {
        ...ctx,
        actor: { ...ctx.actor, userId, username: user.username, role: user.role, platformCode: user.platformCode, subjectUscc: user.subjectUscc },
      };
      await this.deps.audit.record(trx, sessionCtx, { action: `auth.login.${method}`, objectType: "auth_session", objectId: id });
      return { token, expiresAt, user };
    });
  }

  /** Resolves a bearer token to the acting account; throws TOKEN_INVALID for anything else. */
  async authenticate(token: string): Promise<Actor> {
    const tokenHash = sha256(token);
    const cached = this.sessions.get(tokenHash, this.deps.clock.now());
    if (cached) return cached;
    const row = await this.deps.db
      .selectFrom("auth_session as s")
      .innerJoin("user_account as u", "u.id", "s.user_id")
      .leftJoin("subject as sub", "sub.id", "u.subject_id")
      .select([
        "s.id as session_id",
        "s.expires_at",
        "s.revoked_at",
        "u.id",
        "u.username",
        "u.role",
        "u.person_id",
        "u.subject_id",
        "u.department_code",
        "u.platform_code",
        "u.status",
        "sub.uscc",
      ])
      .where("s.token_hash", "=", tokenHash)
      .executeTakeFirst();
    const now = this.deps.clock.now();
    if (!row || row.revoked_at !== null || row.expires_at.getTime() <= now.getTime() || row.status !== "active" || !isRole(row.role)) {
      throw new AppError("TOKEN_INVALID");
    }
    const actor: Actor = {
      userId: row.id,
      username: row.username,
      role: row.role,
      personId: row.person_id,
      subjectId: row.subject_id,
      subjectUscc: row.uscc,
      departmentCode: row.department_code,
      platformCode: row.platform_code,
      sessionId: row.session_id,
    };
    this.sessions.put(tokenHash, actor, row.expires_at);
    return actor;
  }

  logout(ctx: ActionContext): Promise<void> {
    return this.revokeSessions(ctx, { sessionId: ctx.actor.sessionId ?? -1 });
  }

  /** Revokes one session or every session of an account. */
  revokeSessions(ctx: ActionContext, target: { sessionId: number } | { userId: number }): Promise<void> {
    return change(this.deps, (trx) => this.revokeSessionsIn(trx, ctx, target));
  }

  /** Revokes sessions inside a running change, logging each one. */
  private async revokeSessionsIn(trx: Transaction<DB>, ctx: ActionContext, target: { sessionId: number } | { userId: number; except?: number }) {
    let query = trx.updateTable("auth_session").set({ revoked_at: this.deps.clock.now() }).where("revoked_at", "is", null);
    query =
      "sessionId" in target ? query.where("id", "=", target.sessionId) : query.where("user_id", "=", target.userId).where("id", "<>", target.except ?? -1);
    const revoked = await query.returning("id").execute();
    for (const { id } of revoked) {
      await this.deps.audit.record(trx, ctx, { action: "auth.session.revoke", objectType: "auth_session", objectId: id });
    }
    if (revoked.length === 0) return;
    // Here at once, and in every process (this one again) when the revocation commits.
    const sessionIds = revoked.map((r) => r.id);
    this.sessions.evict(sessionIds);
    await this.deps.events.publish(trx, { topic: SESSIONS_TOPIC, type: "revoked", at: this.deps.clock.now().toISOString(), data: { sessionIds } });
  }

  async view(userId: number): Promise<AccountView> {
    return this.viewIn(this.deps.db, userId);
  }

  private async viewIn(db: Deps["db"] | Transaction<DB>, userId: number): Promise<AccountView> {
    const row = await db
      .selectFrom("user_account as u")
      .leftJoin("subject as s", "s.id", "u.subject_id")
      .select([
        "u.id",
        "u.username",
        "u.display_name",
        "u.role",
        "u.platform_code",
        "u.subject_id",
        "s.uscc",
        "s.name as subject_name",
        "u.department_code",
        "u.status",
      ])
      .where("u.id", "=", userId)
      .executeTakeFirst();
    if (!row || !isRole(row.role)) throw notFound({ zh: "账户", en: "The account" });
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      roleName: ROLE_NAMES[row.role],
      platformCode: row.platform_code,
      subjectId: row.subject_id,
      subjectUscc: row.uscc,
      subjectName: row.subject_name,
      departmentCode: row.department_code,
      status: row.status,
    };
  }

  async listAccounts(): Promise<AccountView[]> {
    const ids = await this.deps.db.selectFrom("user_account").select("id").orderBy("id").execute();
    return Promise.all(ids.map((r) => this.view(r.id)));
  }

  async listSessions(userId: number, currentSessionId: number | null) {
    const rows = await this.deps.db
      .selectFrom("auth_session")
      .select(["id", "method", "ip", "user_agent", "created_at", "expires_at", "revoked_at"])
      .where("user_id", "=", userId)
      .orderBy("id", "desc")
      .limit(50)
      .execute();
    const now = this.deps.clock.now().getTime();
    return rows.map((r) => ({
      id: r.id,
      method: r.method,
      ip: r.ip,
      userAgent: r.user_agent,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      revokedAt: r.revoked_at?.toISOString() ?? null,
      active: r.revoked_at === null && r.expires_at.getTime() > now,
      current: r.id === currentSessionId,
    }));
  }

  /** Ends one of the caller's own sessions (another device). */
  async revokeOwnSession(ctx: ActionContext, sessionId: number): Promise<void> {
    const own = await this.deps.db
      .selectFrom("auth_session")
      .select("id")
      .where("id", "=", sessionId)
      .where("user_id", "=", ctx.actor.userId ?? -1)
      .executeTakeFirst();
    if (!own) throw notFound({ zh: "会话", en: "The session" });
    await this.revokeSessions(ctx, { sessionId });
  }

  setStatus(ctx: ActionContext, userId: number, status: "active" | "disabled"): Promise<AccountView> {
    return change(this.deps, async (trx) => {
      const updated = await trx.updateTable("user_account").set({ status }).where("id", "=", userId).returning("id").executeTakeFirst();
      if (!updated) throw notFound({ zh: "账户", en: "The account" });
      if (status === "disabled") await this.revokeSessionsIn(trx, ctx, { userId });
      await this.deps.audit.record(trx, ctx, { action: `account.${status === "active" ? "enable" : "disable"}`, objectType: "user_account", objectId: userId });
      return this.viewIn(trx, userId);
    });
  }

  changePassword(ctx: ActionContext, current: string, next: string): Promise<void> {
    const userId = ctx.actor.userId;
    if (userId === null) throw new AppError("UNAUTHENTICATED");
    return change(this.deps, async (trx) => {
      const account = await trx.selectFrom("user_account").select(["password_hash", "username"]).where("id", "=", userId).executeTakeFirstOrThrow();
      if (!(await verify(account.password_hash, current))) throw new AppError("LOGIN_FAILED", { zh: "当前密码错误", en: "The current password is wrong" });
      const weak = passwordProblem(next, account.username);
      if (weak) throw new AppError("PASSWORD_WEAK", weak, { fieldErrors: [{ field: "newPassword", ...weak }] });
      await trx
        .updateTable("user_account")
        .set({ password_hash: await hashPassword(next) })
        .where("id", "=", userId)
        .execute();
      await this.revokeSessionsIn(trx, ctx, { userId, except: ctx.actor.sessionId ?? undefined });
      await this.deps.audit.record(trx, ctx, { action: "account.password.change", objectType: "user_account", objectId: userId });
    });
  }

  // ---- CA certificate (SM2) login ----

  /**
   * Registers the public key of a user's CA certificate: SM2 (the 国密 suite, hex point or PEM)
   * or Ed25519 (PEM).
   */
  registerCertificate(ctx: ActionContext, userId: number, input: { serial: string; publicKey: string; subjectDn?: string; validUntil?: Date }) {
    const { algorithm, publicKey } = parseCertificateKey(input.publicKey);
    return change(this.deps, async (trx) => {
      const exists = await trx.selectFrom("user_certificate").select("id").where("serial", "=", input.serial).executeTakeFirst();
      if (exists) throw new AppError("CONFLICT", { zh: "该证书序列号已登记", en: "A certificate with this serial is already registered" });
      const { id } = await trx
        .insertInto("user_certificate")
        .values({
          user_id: userId,
          serial: input.serial,
          algorithm,
          public_key: publicKey,
          subject_dn: input.subjectDn ?? "",
          valid_until: input.validUntil ?? null,
          revoked_at: null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, { action: "certificate.register", objectType: "user_certificate", objectId: id });
      return { id, serial: input.serial, algorithm };
    });
  }

  /** A one-time nonce the client signs with its certificate key (valid 5 minutes). */
  async certificateChallenge(): Promise<{ nonce: string; expiresAt: Date }> {
    const nonce = crypto.randomBytes(32).toString("hex");
    const expiresAt = new Date(this.deps.clock.now().getTime() + 5 * 60_000);
    await this.deps.db.insertInto("login_challenge").values({ nonce, expires_at: expiresAt, used_at: null }).execute();
    return { nonce, expiresAt };
  }

  /** Verifies the signature of the nonce (SM2 with SM3 per GB/T 32918, or Ed25519) and opens a session. */
  async certificateLogin(ctx: ActionContext, input: { serial: string; nonce: string; signature: string }, userAgent: string): Promise<Session> {
    const now = this.deps.clock.now();
    const used = await this.deps.db
      .updateTable("login_challenge")
      .set({ used_at: now })
      .where("nonce", "=", input.nonce)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("id")
      .executeTakeFirst();
    const cert = await this.deps.db.selectFrom("user_certificate").selectAll().where("serial", "=", input.serial).executeTakeFirst();
    const fail = (why: string) => new AppError("CERTIFICATE_LOGIN_FAILED", { zh: `数字证书登录失败：${why}`, en: `Certificate login failed: ${why}` });
    if (!used) throw fail("挑战码无效或已使用 / unknown or used challenge");
    if (!cert || cert.revoked_at || (cert.valid_until && cert.valid_until.getTime() < now.getTime()))
      throw fail("证书未登记、已吊销或已过期 / certificate unknown, revoked or expired");
    const ok =
      cert.algorithm === "SM2"
        ? verifySm2(input.nonce, input.signature, cert.public_key)
        : crypto.verify(null, Buffer.from(input.nonce, "utf8"), crypto.createPublicKey(cert.public_key), Buffer.from(input.signature, "base64"));
    if (!ok) throw fail("签名验证失败 / bad signature");
    return this.openSession(ctx, cert.user_id, "certificate", userAgent);
  }
}

function parseCertificateKey(input: string): { algorithm: "SM2" | "Ed25519"; publicKey: string } {
  const sm2Key = sm2PublicKeyHex(input);
  if (sm2Key) return { algorithm: "SM2", publicKey: sm2Key };
  try {
    const key = crypto.createPublicKey(input);
    if (key.asymmetricKeyType === "ed25519") return { algorithm: "Ed25519", publicKey: key.export({ type: "spki", format: "pem" }).toString() };
  } catch {
    // fall through to the refusal below
  }
  throw new AppError("VALIDATION_FAILED", {
    zh: "证书公钥须为 SM2 公钥（04 开头的十六进制或 PEM）或 Ed25519 PEM",
    en: "The certificate key must be an SM2 public key (hex 04… or PEM) or an Ed25519 PEM key",
  });
}
