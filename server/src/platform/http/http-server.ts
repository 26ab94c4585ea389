import crypto from "node:crypto";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { Role } from "../../modules/identity/domain/roles.ts";
import { type Access, permits } from "./access.ts";
import { type ActionContext, type Actor, PUBLIC_ACTOR } from "./actor.ts";
import { AppError } from "./app-error.ts";
import { sendProblem, toAppError } from "./problem.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
  }
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access;
  operationId: string | undefined;
}

export interface HttpOptions {
  bodyLimit: number;
  /** Reverse proxies whose X-Forwarded-For is trusted (addresses or CIDRs). */
  trustProxy: string[];
  logLevel: string;
  /** Resolves a bearer token to an actor; throws AppError TOKEN_INVALID when it cannot. */
  authenticate(token: string): Promise<Actor>;
}

/**
 * The HTTP shell shared by every module: zod validation, OpenAPI 3.1, RFC 9457 errors, bearer
 * authentication and the per-route access declaration, checked before the body is even parsed.
 */
export async function createHttpServer(options: HttpOptions): Promise<{ app: FastifyInstance; routes: RouteRecord[] }> {
  const app = Fastify({
    bodyLimit: options.bodyLimit,
    // X-Forwarded-For is believed only from these proxies, so a client cannot fake the IP that is logged.
    trustProxy: options.trustProxy,
    genReqId: (req) => (req.headers["x-request-id"] as string | undefined)?.slice(0, 64) || crypto.randomUUID(),
    logger: options.logLevel === "silent" ? false : { level: options.logLevel },
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("actor", null as unknown as Actor);
  app.addHook("onRequest", async (request) => {
    request.actor = PUBLIC_ACTOR;
  });

  const routes: RouteRecord[] = [];
  app.addHook("onRoute", (route) => {
    const url = route.url;
    // The API documentation UI (@fastify/swagger-ui) is public by design.
    if (url === "/docs" || url.startsWith("/docs/")) route.config = { ...route.config, access: { kind: "public" } };
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${url} does not declare who may call it (config.access)`);
    for (const method of [route.method].flat()) {
      if (method === "HEAD") continue;
      routes.push({ method, url, access, operationId: (route.schema as { operationId?: string } | undefined)?.operationId });
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "ggzy — 统一的公共资源交易平台 API",
        version: "1.0.0",
        description: "公共服务、电子交易与电子监督系统的 HTTP 接口。错误按 RFC 9457 返回 application/problem+json，含稳定的 code。",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { docExpansion: "list" } });

  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config?.access;
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) throw new AppError("TOKEN_INVALID", { zh: "Authorization 头须为 Bearer 令牌", en: "The Authorization header must be a Bearer token" });
      try {
        request.actor = await options.authenticate(match[1]);
      } catch (error) {
        // A stale token on a public page is just a visitor; elsewhere it is refused.
        if (access?.kind !== "public") throw error;
      }
    }
    if (!access || access.kind === "public") return;
    if (request.actor.role === "public") throw new AppError("UNAUTHENTICATED");
    if (!permits(access, request.actor.role as Role)) {
      throw new AppError(
        "FORBIDDEN_ROLE",
        { zh: `“${request.actor.role}”角色无权执行此操作`, en: `The role ${request.actor.role} may not perform this action` },
        { extra: { allowedRoles: access.roles } },
      );
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") request.log.error({ err: error }, "unhandled error");
    sendProblem(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    sendProblem(
      request,
      reply,
      new AppError("ROUTE_NOT_FOUND", { zh: `没有 ${request.method} ${request.url}`, en: `No route ${request.method} ${request.url}` }),
    );
  });

  return { app, routes };
}

/** The attribution of a state change made through HTTP. */
export function contextOf(request: FastifyRequest): ActionContext {
  return { actor: request.actor, ip: request.ip, requestId: String(request.id) };
}
