import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { AppError } from "../../platform/http/app-error.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { ROLES } from "./domain/roles.ts";
import type { IdentityService } from "./identity-service.ts";

const tags = ["identity 身份与权限"];
const id = z.coerce.number().int().positive();

export function identityRoutes(identity: IdentityService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/auth/login",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "login",
          summary: "用户名密码登录 / password login",
          tags,
          body: z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(128) }),
        },
      },
      async (request) => {
        const session = await identity.login(contextOf(request), request.body.username, request.body.password, request.headers["user-agent"] ?? "");
        return { token: session.token, tokenType: "Bearer", expiresAt: session.expiresAt.toISOString(), user: session.user };
      },
    );

    app.post(
      "/api/v1/auth/logout",
      { config: { access: allow(...ROLES) }, schema: { operationId: "logout", summary: "注销当前会话 / revoke the current session", tags } },
      async (request, reply) => {
        await identity.logout(contextOf(request));
        return reply.code(204).send();
      },
    );

    app.get(
      "/api/v1/auth/me",
      { config: { access: allow(...ROLES) }, schema: { operationId: "currentAccount", summary: "当前账户 / the signed-in account", tags } },
      async (request) => identity.view(request.actor.userId as number),
    );

    app.get(
      "/api/v1/auth/sessions",
      { config: { access: allow(...ROLES) }, schema: { operationId: "listMySessions", summary: "我的会话 / my sessions", tags } },
      async (request) => ({ items: await identity.listSessions(request.actor.userId as number, request.actor.sessionId) }),
    );

    app.delete(
      "/api/v1/auth/sessions/:id",
      {
        config: { access: allow(...ROLES) },
        schema: { operationId: "revokeMySession", summary: "结束本人的某个会话 / end one of my sessions", tags, params: z.object({ id }) },
      },
      async (request, reply) => {
        await identity.revokeOwnSession(contextOf(request), request.params.id);
        return reply.code(204).send();
      },
    );

    app.post(
      "/api/v1/auth/password",
      {
        config: { access: allow(...ROLES) },
        schema: {
          operationId: "changePassword",
          summary: "修改密码（其他会话随之失效）/ change password, revoking other sessions",
          tags,
          body: z.strictObject({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(128) }),
        },
      },
      async (request, reply) => {
        await identity.changePassword(contextOf(request), request.body.currentPassword, request.body.newPassword);
        return reply.code(204).send();
      },
    );

    app.post(
      "/api/v1/auth/certificate/challenge",
      {
        config: { access: publicAccess },
        schema: { operationId: "certificateChallenge", summary: "CA 证书登录挑战码 / nonce for CA certificate login", tags },
      },
      async () => {
        const c = await identity.certificateChallenge();
        return { nonce: c.nonce, expiresAt: c.expiresAt.toISOString() };
      },
    );

    app.post(
      "/api/v1/auth/certificate/login",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "certificateLogin",
          summary: "CA 证书（SM2/SM3）签名登录 / sign the nonce with the certificate key",
          tags,
          body: z.strictObject({ serial: z.string().min(1).max(128), nonce: z.string().length(64), signature: z.string().min(1).max(1024) }),
        },
      },
      async (request) => {
        const session = await identity.certificateLogin(contextOf(request), request.body, request.headers["user-agent"] ?? "");
        return { token: session.token, tokenType: "Bearer", expiresAt: session.expiresAt.toISOString(), user: session.user };
      },
    );

    app.post(
      "/api/v1/auth/certificates",
      {
        config: { access: allow(...ROLES) },
        schema: {
          operationId: "registerMyCertificate",
          summary: "登记本人 CA 证书公钥 / register my certificate's public key",
          tags,
          body: z.strictObject({ serial: z.string().min(1).max(128), publicKey: z.string().min(1).max(4096), subjectDn: z.string().max(512).optional() }),
        },
      },
      async (request, reply) => reply.code(201).send(await identity.registerCertificate(contextOf(request), request.actor.userId as number, request.body)),
    );

    // ---- administration ----
    app.get(
      "/api/v1/accounts",
      { config: { access: allow("sysadmin", "inspector") }, schema: { operationId: "listAccounts", summary: "账户列表 / accounts", tags } },
      async () => ({ items: await identity.listAccounts() }),
    );

    app.post(
      "/api/v1/accounts",
      {
        config: { access: allow("sysadmin") },
        schema: {
          operationId: "createAccount",
          summary: "创建账户（检查职责分离）/ create an account (separation of duties checked)",
          tags,
          body: z.strictObject({
            username: z.string().min(3).max(64),
            password: z.string().min(1).max(128),
            displayName: z.string().min(1).max(100),
            role: z.enum(ROLES),
            platformCode: z.string().regex(/^\d{6}$/),
            idCard: z.string().max(32).optional(),
            personName: z.string().max(100).optional(),
            phone: z.string().max(32).optional(),
            subjectId: z.number().int().positive().optional(),
            departmentCode: z.string().max(32).optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await identity.createAccount(contextOf(request), request.body)),
    );

    app.post(
      "/api/v1/accounts/:id/status",
      {
        config: { access: allow("sysadmin") },
        schema: {
          operationId: "setAccountStatus",
          summary: "停用或启用账户 / disable or enable an account",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ status: z.enum(["active", "disabled"]) }),
        },
      },
      async (request) => {
        if (request.params.id === request.actor.userId)
          throw new AppError("CONFLICT", { zh: "不能停用本人账户", en: "You cannot change your own account status" });
        return identity.setStatus(contextOf(request), request.params.id, request.body.status);
      },
    );

    app.post(
      "/api/v1/accounts/:id/sessions/revoke",
      {
        config: { access: allow("sysadmin") },
        schema: { operationId: "revokeAccountSessions", summary: "吊销账户的全部会话 / revoke every session of an account", tags, params: z.object({ id }) },
      },
      async (request, reply) => {
        await identity.revokeSessions(contextOf(request), { userId: request.params.id });
        return reply.code(204).send();
      },
    );
  };
}
