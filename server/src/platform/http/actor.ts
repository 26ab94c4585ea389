import type { Role } from "../../modules/identity/domain/roles.ts";

/** Who is acting: a signed-in account, or the public. */
export interface Actor {
  userId: number | null;
  username: string;
  role: Role | "public" | "system";
  personId: number | null;
  subjectId: number | null;
  subjectUscc: string | null;
  departmentCode: string | null;
  platformCode: string | null;
  sessionId: number | null;
}

/** Everything a use case needs to attribute a state change (全程留痕). */
export interface ActionContext {
  actor: Actor;
  ip: string;
  requestId: string;
}

export const PUBLIC_ACTOR: Actor = {
  userId: null,
  username: "anonymous",
  role: "public",
  personId: null,
  subjectId: null,
  subjectUscc: null,
  departmentCode: null,
  platformCode: null,
  sessionId: null,
};

/** The context of work the platform does by itself (seeding, jobs, CLI). */
export function systemContext(what: string): ActionContext {
  return {
    actor: { ...PUBLIC_ACTOR, username: `system:${what}`, role: "system" },
    ip: "127.0.0.1",
    requestId: `system-${what}`,
  };
}
