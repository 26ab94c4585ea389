import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { attachmentHeader, type DocumentDownloadService, MAX_DOCUMENT_BYTES } from "./document-download-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });
const BASE64_MAX = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4;

export function documentDownloadRoutes(documents: DocumentDownloadService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/documents",
      {
        bodyLimit: BASE64_MAX + 64 * 1024,
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "uploadTenderDocument",
          summary: "上传招标文件（公告前；公告后须作为澄清的附件）/ upload a tender document file",
          tags,
          params,
          body: z.strictObject({
            fileName: z.string().trim().min(1).max(255),
            mediaType: z
              .string()
              .regex(/^[\w.+-]+\/[\w.+-]+$/, "media type")
              .max(127)
              .optional(),
            contentBase64: z
              .string()
              .regex(/^[A-Za-z0-9+/]*={0,2}$/, "base64")
              .max(BASE64_MAX),
            clarificationId: z.number().int().positive().optional(),
          }),
        },
      },
      async (request, reply) => {
        const { contentBase64, ...rest } = request.body;
        const created = await documents.upload(contextOf(request), request.params.id, { ...rest, content: Buffer.from(contentBase64, "base64") });
        return reply.code(201).send(created);
      },
    );
    app.get(
      "/api/v1/sections/:id/documents",
      {
        config: { access: allow("bidder", "tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: { operationId: "listTenderDocuments", summary: "招标文件清单与摘要（已报名投标人）/ the tender documents and their hashes", tags, params },
      },
      async (request) => ({ items: await documents.list(request.actor, request.params.id) }),
    );
    app.get(
      "/api/v1/tender-documents/:id/content",
      {
        config: { access: allow("bidder", "tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "downloadTenderDocument",
          summary: "下载招标文件（每次下载留痕：账户、单位、时间、IP、文件摘要）/ download a tender document; every download is logged",
          tags,
          params,
        },
      },
      async (request, reply) => {
        const file = await documents.download(contextOf(request), request.params.id);
        return reply
          .header("content-type", file.mediaType)
          .header("content-disposition", attachmentHeader(file.fileName))
          .header("cache-control", "no-store")
          .header("repr-digest", `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`)
          .header("x-content-sha256", file.sha256)
          .header("x-content-sm3", file.sm3)
          .header("x-download-id", String(file.downloadId))
          .send(file.content);
      },
    );
    app.get(
      "/api/v1/sections/:id/document-downloads",
      {
        config: { access: allow("tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "listTenderDocumentDownloads",
          summary: "招标文件下载记录（开标前仅监管、交易中心、纪检可见）/ the download log, secret until the opening",
          tags,
          params,
        },
      },
      async (request) => ({ items: await documents.downloads(request.actor, request.params.id) }),
    );
  };
}
