import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow, publicAccess } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import { SUBJECT_TRADING_ROLES } from "./domain/subject-profile.ts";
import type { SubjectsService } from "./subjects-service.ts";

const tags = ["subjects 主体库"];
const id = z.coerce.number().int().positive();
const text = (max = 200) => z.string().trim().max(max);
const civilDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");

const profile = {
  subjectType: z.enum(["legal_person", "unincorporated", "individual_business", "natural_person"]).optional(),
  legalRepresentative: text(100).optional(),
  legalRepresentativePhone: text(32).optional(),
  registeredCapitalFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional().describe("注册资本，单位：分"),
  registeredCapitalCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
  regionCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  address: text(300).optional(),
  licenseEndDate: civilDate.optional(),
  industryCode: text(16).optional(),
  basicBank: text(100).optional(),
  basicBranchBankNo: text(32).optional(),
  basicAccountNo: z
    .string()
    .regex(/^[0-9-]{6,40}$/, "digits")
    .optional(),
  basicAccountName: text(200).optional(),
  contactName: text(100).optional(),
  contactPhone: text(32).optional(),
  contactAddress: text(300).optional(),
  email: z.email().max(200).optional(),
  website: text(300).optional(),
  zipCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
};

const qualification = z.strictObject({
  kind: z.enum(["qualification", "certificate", "license", "permit"]),
  name: text(200).min(1),
  certificateNo: text(100).min(1),
  grade: text(50).optional(),
  issuer: text(200).optional(),
  validFrom: civilDate.optional(),
  validUntil: civilDate.optional(),
});

/** For changes: a field sent as null is cleared (the defaults of type and currency cannot be cleared). */
const patchProfile = Object.fromEntries(
  Object.entries(profile).map(([key, schema]) => [
    key,
    key === "subjectType" || key === "registeredCapitalCurrency" ? schema : schema.unwrap().nullable().optional(),
  ]),
) as { [K in keyof typeof profile]: (typeof profile)[K] };

const roles = z.array(z.enum(SUBJECT_TRADING_ROLES)).max(3);

export function subjectsRoutes(subjects: SubjectsService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/subjects",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "registerSubject",
          summary: "主体注册（一处注册、处处通用）/ register a market subject once for every platform",
          description: "统一社会信用代码按 GB 32100-2015 校验（含 GB 11714 组织机构代码校验位）；无效时返回 400 USCC_INVALID。",
          tags,
          body: z.strictObject({
            uscc: z.string().max(40),
            name: text(200).min(1),
            ...profile,
            roles: roles.optional(),
            platformCode: z
              .string()
              .regex(/^\d{6}$/)
              .optional(),
            qualifications: z.array(qualification).max(50).optional(),
            account: z
              .strictObject({
                username: z.string().min(3).max(64),
                password: z.string().min(1).max(128),
                displayName: text(100).min(1),
                idCard: z.string().max(32),
                phone: text(32).optional(),
                role: z.enum(SUBJECT_TRADING_ROLES),
              })
              .optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await subjects.register(contextOf(request), request.body)),
    );

    app.get(
      "/api/v1/subjects",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "searchSubjects",
          summary: "主体库查询 / search the subject registry",
          tags,
          querystring: z.object({
            q: text(100).optional(),
            role: z.enum(SUBJECT_TRADING_ROLES).optional(),
            verification: z.enum(["pending", "verified", "rejected"]).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            offset: z.coerce.number().int().min(0).max(100_000).default(0),
          }),
        },
      },
      async (request) => subjects.search(request.query),
    );

    app.get(
      "/api/v1/subjects/by-uscc/:uscc",
      {
        config: { access: publicAccess },
        schema: {
          operationId: "getSubjectByUscc",
          summary: "按统一社会信用代码查询主体 / subject by code",
          tags,
          params: z.object({ uscc: z.string().max(40) }),
        },
      },
      async (request) => subjects.findByUscc(request.params.uscc, request.actor),
    );

    app.get(
      "/api/v1/subjects/:id",
      {
        config: { access: publicAccess },
        schema: { operationId: "getSubject", summary: "主体详情（非公开字段仅本单位与主管部门可见）/ subject profile", tags, params: z.object({ id }) },
      },
      async (request) => subjects.view(request.params.id, request.actor),
    );

    app.get(
      "/api/v1/subjects/:id/history",
      {
        config: { access: allow("tenderer", "agency", "bidder", "centre_staff", "supervisor", "inspector", "sysadmin") },
        schema: { operationId: "getSubjectHistory", summary: "主体信息变更历史 / profile history", tags, params: z.object({ id }) },
      },
      async (request) => ({ items: await subjects.history(request.params.id, request.actor) }),
    );

    app.patch(
      "/api/v1/subjects/:id",
      {
        config: { access: allow("tenderer", "agency", "bidder", "centre_staff") },
        schema: {
          operationId: "updateSubject",
          summary: "变更主体信息（保留历史，乐观锁）/ change a profile, keeping history",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ version: z.number().int().positive(), name: text(200).min(1).optional(), ...patchProfile, roles: roles.optional() }),
        },
      },
      async (request) => {
        const { version, ...patch } = request.body;
        return subjects.update(contextOf(request), request.params.id, version, patch);
      },
    );

    app.post(
      "/api/v1/subjects/:id/verification",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "verifySubject",
          summary: "主体信息核验（不得核验本人登记的主体）/ verify a registration",
          tags,
          params: z.object({ id }),
          body: z.strictObject({ decision: z.enum(["verified", "rejected"]), note: text(500).optional() }),
        },
      },
      async (request) => subjects.verify(contextOf(request), request.params.id, request.body.decision, request.body.note),
    );

    app.post(
      "/api/v1/subjects/:id/qualifications",
      {
        config: { access: allow("tenderer", "agency", "bidder", "centre_staff") },
        schema: {
          operationId: "addSubjectQualification",
          summary: "登记资质证书 / add a qualification or certificate",
          tags,
          params: z.object({ id }),
          body: qualification,
        },
      },
      async (request, reply) => reply.code(201).send(await subjects.addQualification(contextOf(request), request.params.id, request.body)),
    );

    app.post(
      "/api/v1/subjects/:id/qualifications/:qualificationId/withdraw",
      {
        config: { access: allow("tenderer", "agency", "bidder", "centre_staff") },
        schema: {
          operationId: "withdrawSubjectQualification",
          summary: "撤回资质证书 / withdraw a qualification",
          tags,
          params: z.object({ id, qualificationId: id }),
        },
      },
      async (request) => subjects.withdrawQualification(contextOf(request), request.params.id, request.params.qualificationId),
    );

    app.post(
      "/api/v1/subjects/:id/staff",
      {
        config: { access: allow("tenderer", "agency", "bidder", "centre_staff") },
        schema: {
          operationId: "addSubjectStaff",
          summary: "登记执业人员 / add a staff member (practitioner)",
          tags,
          params: z.object({ id }),
          body: z.strictObject({
            idCard: z.string().max(32),
            name: text(100).min(1),
            position: text(100).min(1),
            practiceCertificateNo: text(100).optional(),
            phone: text(32).optional(),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await subjects.addStaff(contextOf(request), request.params.id, request.body)),
    );
  };
}
