import type { Role } from "../../modules/identity/domain/roles.ts";

/**
 * Who may call a route. Every route declares one in `config.access`; the server refuses to start
 * with a route that has none, and the route × role matrix test walks them all.
 */
export type Access =
  | { kind: "public" } // anyone, signed in or not
  | { kind: "roles"; roles: readonly Role[] }; // a signed-in account acting in one of these roles

export const publicAccess: Access = { kind: "public" };

export function allow(...roles: Role[]): Access {
  return { kind: "roles", roles };
}

export function permits(access: Access, role: Role | undefined): boolean {
  if (access.kind === "public") return true;
  return role !== undefined && access.roles.includes(role);
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
  }
}
