import { sha256Hex, sm3Hex } from "../../platform/crypto/envelope.ts";
import { change, type Deps } from "../../platform/deps.ts";
import type { ActionContext, Actor } from "../../platform/http/actor.ts";
import { AppError, notFound } from "../../platform/http/app-error.ts";
import { assertStanding, OPENED_STATUSES, standingOn } from "./question-service.ts";
import { assertTendererSide, lockSection, readSection } from "./section-access.ts";

/** Largest tender document file the platform keeps (bytes). */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface NewTenderDocument {
  fileName: string;
  mediaType?: string;
  content: Buffer;
  /** Required once the notice is out: the clarification (法23, 条例21) this file belongs to. */
  clarificationId?: number;
}

/** A file name that is safe in a Content-Disposition header and on any disk: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, "").trim();
  return cleaned.slice(0, 200) || "document";
}

/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/[%\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const toBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * 招标文件的获取: the tenderer (or its agency) puts the tender documents' files on the platform before
 * the notice (after it, only as part of a clarification); bidders that registered for the section
 * download them through the platform, and every download is logged — account, subject, server time,
 * client IP as the platform resolves it, file and hash — and audited. The log names the bidders, so it
 * is secret like the registration list: the supervising department, the section's trading centre and
 * the inspectors see it; the tenderer and its agency only once the opening record is out; bidders never.
 *
 * Decision: before this slice the platform kept no tender documents at all (the notice is dates only,
 * clarifications are text), so "the document" is a real file stored here with its SHA-256 and SM3; the
 * audited row carries the hashes and every download re-checks the bytes against them.
 */
export class DocumentDownloadService {
  constructor(private readonly deps: Deps) {}

  async upload(ctx: ActionContext, sectionId: number, input: NewTenderDocument) {
    if (input.content.length > MAX_DOCUMENT_BYTES)
      throw new AppError("PAYLOAD_TOO_LARGE", { zh: "招标文件单个文件不超过 20 MB", en: "A tender document file is at most 20 MB" });
    const fileName = cleanFileName(input.fileName);
    const mediaType = input.mediaType ?? "application/octet-stream";
    const sha256 = sha256Hex(input.content);
    const sm3 = sm3Hex(input.content);
    return change(this.deps, async (trx) => {
      const { section, project } = await lockSection(trx, sectionId);
      assertTendererSide(ctx.actor, project);
      const now = this.deps.clock.now();
      if (section.status === "draft") {
        if (input.clarificationId !== undefined)
          throw new AppError("VALIDATION_FAILED", { zh: "公告发布前的招标文件无需引用澄清", en: "Before the notice a document needs no clarification" });
      } else if (section.status === "announced") {
        if (now.getTime() >= (section.bid_deadline as Date).getTime()) throw new AppError("DEADLINE_PASSED");
        if (input.clarificationId === undefined)
          throw new AppError("STATE_INVALID", {
            zh: "公告发布后修改招标文件须通过澄清或修改（招标投标法第二十三条），请先发布澄清并引用",
            en: "After the notice the documents change only through a clarification (Tendering Law art. 23): publish one and name it",
          });
        const clarification = await trx.selectFrom("tender_clarification").select("section_id").where("id", "=", input.clarificationId).executeTakeFirst();
        if (!clarification || clarification.section_id !== sectionId)
          throw new AppError(
            "VALIDATION_FAILED",
            { zh: "所引用的澄清或修改不属于该标段", en: "The clarification named is not one of this section's" },
            { fieldErrors: [{ field: "clarificationId", zh: "不是该标段的澄清", en: "not a clarification of this section" }] },
          );
      } else {
        throw new AppError("STATE_INVALID", { zh: "投标截止后不能再增加招标文件", en: "No documents are added after the bid deadline" });
      }
      const row = await trx
        .insertInto("tender_document")
        .values({
          section_id: sectionId,
          platform_code: section.platform_code,
          file_name: fileName,
          media_type: mediaType,
          size: input.content.length,
          sha256,
          sm3,
          clarification_id: input.clarificationId ?? null,
          uploaded_by: ctx.actor.userId as number,
          uploaded_at: now,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.insertInto("tender_document_file").values({ document_id: row.id, content: input.content }).execute();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.document.upload",
        objectType: "tender_document",
        objectId: row.id,
        detail: { fileName, size: input.content.length, sha256, sm3 },
      });
      return { id: row.id, fileName, mediaType, size: input.content.length, sha256, sm3, clarificationId: input.clarificationId ?? null };
    });
  }

  /** The documents of a section (without their bytes): for registered bidders, the tender side and the authorities. */
  async list(actor: Actor, sectionId: number) {
    const { section, project } = await readSection(this.deps.db, sectionId);
    assertStanding(actor, await standingOn(this.deps.db, actor, section, project));
    const rows = await this.deps.db.selectFrom("tender_document").selectAll().where("section_id", "=", sectionId).orderBy("id").execute();
    return rows.map((d) => ({
      id: d.id,
      fileName: d.file_name,
      mediaType: d.media_type,
      size: d.size,
      sha256: d.sha256,
      sm3: d.sm3,
      clarificationId: d.clarification_id,
      uploadedAt: d.uploaded_at.toISOString(),
    }));
  }

  /** The file itself, after its bytes are checked against the recorded hashes; the download is logged and audited. */
  async download(ctx: ActionContext, documentId: number) {
    const document = await this.deps.db.selectFrom("tender_document").selectAll().where("id", "=", documentId).executeTakeFirst();
    if (!document) throw notFound({ zh: "招标文件", en: "The tender document" });
    const { section, project } = await readSection(this.deps.db, document.section_id);
    assertStanding(ctx.actor, await standingOn(this.deps.db, ctx.actor, section, project));
    const file = await this.deps.db.selectFrom("tender_document_file").select("content").where("document_id", "=", documentId).executeTakeFirst();
    if (!file) throw notFound({ zh: "招标文件内容", en: "The tender document's content" });
    const content = toBuffer(file.content);
    const sha256 = sha256Hex(content);
    const sm3 = sm3Hex(content);
    if (sha256 !== document.sha256 || sm3 !== document.sm3) throw new AppError("DOCUMENT_INTEGRITY", undefined, { extra: { documentId } });
    const downloadId = await change(this.deps, async (trx) => {
      const row = await trx
        .insertInto("tender_document_download")
        .values({
          document_id: documentId,
          section_id: document.section_id,
          platform_code: document.platform_code,
          user_id: ctx.actor.userId as number,
          role: ctx.actor.role,
          subject_id: ctx.actor.subjectId,
          ip: ctx.ip,
          downloaded_at: this.deps.clock.now(),
          sha256,
          sm3,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await this.deps.audit.record(trx, ctx, {
        action: "tender.document.download",
        objectType: "tender_document_download",
        objectId: row.id,
        detail: { documentId, sha256 },
      });
      return row.id;
    });
    return { downloadId, fileName: document.file_name, mediaType: document.media_type, sha256, sm3, content };
  }

  /** The download log of a section: secret until the opening like the bidder list (bidders never see it). */
  async downloads(actor: Actor, sectionId: number) {
    const { section, project } = await readSection(this.deps.db, sectionId);
    const standing = await standingOn(this.deps.db, actor, section, project);
    const authority = standing.supervising || standing.centre || standing.inspector;
    if (!authority) {
      if (!standing.owner) throw new AppError("FORBIDDEN_SCOPE", { zh: "无权查看该标段的下载记录", en: "You may not see this section's download log" });
      if (!OPENED_STATUSES.includes(section.status))
        throw new AppError("SECRET_UNTIL_OPENING", {
          zh: "招标文件下载记录会暴露潜在投标人，开标前对招标人及其代理机构保密",
          en: "The download log names the bidders; the tenderer and its agency see it after the opening",
        });
    }
    const rows = await this.deps.db
      .selectFrom("tender_document_download as l")
      .innerJoin("tender_document as d", "d.id", "l.document_id")
      .innerJoin("user_account as u", "u.id", "l.user_id")
      .leftJoin("subject as s", "s.id", "l.subject_id")
      .select([
        "l.id",
        "l.document_id",
        "d.file_name",
        "l.sha256",
        "l.sm3",
        "l.downloaded_at",
        "l.ip",
        "l.role",
        "u.username",
        "u.display_name",
        "s.uscc",
        "s.name as subject_name",
      ])
      .where("l.section_id", "=", sectionId)
      .orderBy("l.id")
      .execute();
    return rows.map((r) => ({
      id: r.id,
      documentId: r.document_id,
      fileName: r.file_name,
      sha256: r.sha256,
      sm3: r.sm3,
      downloadedAt: r.downloaded_at.toISOString(),
      ip: r.ip,
      role: r.role,
      username: r.username,
      displayName: r.display_name,
      uscc: r.uscc,
      subjectName: r.subject_name,
    }));
  }
}
