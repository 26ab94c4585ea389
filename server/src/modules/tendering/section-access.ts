import type { Transaction } from "kysely";
import type { DB, SectionStatus } from "../../platform/db/schema.ts";
import type { Deps } from "../../platform/deps.ts";
import type { Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";

type Reader = Deps["db"] | Transaction<DB>;

/** A section with its project. */
export async function readSection(db: Reader, sectionId: number) {
  const section = await db.selectFrom("tender_section").selectAll().where("id", "=", sectionId).executeTakeFirst();
  if (!section) throw notFound({ zh: "标段", en: "The section" });
  const project = await db.selectFrom("tender_project").selectAll().where("id", "=", section.tender_project_id).executeTakeFirstOrThrow();
  return { section, project };
}

/** Locks the section row: every step of one section happens one at a time. */
export async function lockSection(trx: Transaction<DB>, sectionId: number) {
  const section = await trx.selectFrom("tender_section").selectAll().where("id", "=", sectionId).forUpdate().executeTakeFirst();
  if (!section) throw notFound({ zh: "标段", en: "The section" });
  const project = await trx.selectFrom("tender_project").selectAll().where("id", "=", section.tender_project_id).executeTakeFirstOrThrow();
  return { section, project };
}

/** Only the project's tenderer, or the agency acting for it, runs the tender. */
export function assertTendererSide(actor: Actor, project: { tenderer_subject_id: number; agency_subject_id: number | null }) {
  if (actor.subjectId === null || (actor.subjectId !== project.tenderer_subject_id && actor.subjectId !== project.agency_subject_id)) {
    throw new AppError("FORBIDDEN_SCOPE", { zh: "只有该项目的招标人或其代理机构可以操作", en: "Only the project's tenderer or its agency may do this" });
  }
}

export function stateError(actual: SectionStatus, expected: SectionStatus) {
  return new AppError(
    "STATE_INVALID",
    { zh: `标段当前状态为 ${actual}，此操作需在 ${expected} 阶段`, en: `The section is ${actual}; this needs ${expected}` },
    { extra: { status: actual } },
  );
}
