import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { BondService } from "./bond-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const fen = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe("单位：分");
const text = (max: number) => z.string().trim().min(1).max(max);

export function bondRoutes(bonds: BondService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/bonds/transfers",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "recordBondTransfer",
          summary: "登记投标保证金到账（须从基本账户转出，条例26）/ record a bond transfer from the bank's notice",
          description:
            "付款账户（去除空格和连字符）须为投标人在主体库登记的基本账户，否则拒收并记入审计日志（bond.account_mismatch）；同一标段不同投标人从同一账户缴纳的，标记 SAME_BOND_ACCOUNT（条例40）。",
          tags,
          params,
          body: z.strictObject({
            bidderUscc: z.string().max(40),
            amountFen: fen,
            payerAccountNo: z
              .string()
              .regex(/^[0-9 -]{6,60}$/, "digits")
              .describe("付款账号 / MARGIN_ACCOUNT"),
            payerAccountName: text(200),
            payerBank: text(100).describe("付款银行 / MARGIN_BANK"),
            receivedAt: instant.describe("到账时间 / MARGIN_RECEIVE_TIME"),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await bonds.recordTransfer(contextOf(request), request.params.id, request.body)),
    );

    app.post(
      "/api/v1/sections/:id/bonds/guarantees",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "submitBondGuarantee",
          summary: "提交投标电子保函（数据集523）/ submit an electronic bid guarantee",
          description: "保函有效期须覆盖投标有效期：假定为投标截止日起至少30日（实际以招标文件为准）。",
          tags,
          params,
          body: z.strictObject({
            guaranteeCode: text(100).describe("保函编号 / GUARANTEE_NO"),
            guarantorName: text(200).describe("承保人 / INSURER"),
            guarantorCode: z.string().max(40).describe("承保人统一社会信用代码"),
            amountFen: fen.describe("担保金额（分）/ GUARANTEE_AMOUNT"),
            validUntil: instant.describe("担保结束时间 / END_TIME"),
          }),
        },
      },
      async (request, reply) => reply.code(201).send(await bonds.recordGuarantee(contextOf(request), request.params.id, request.body)),
    );

    app.get(
      "/api/v1/sections/:id/bonds",
      {
        config: { access: allow("centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "listSectionBonds",
          summary: "标段投标保证金（开标前保密，仅交易中心、监管、纪检可见）/ the bonds of a section",
          tags,
          params,
        },
      },
      async (request) => bonds.sectionBonds(request.actor, request.params.id),
    );

    app.get(
      "/api/v1/sections/:id/my-bond",
      {
        config: { access: allow("bidder") },
        schema: { operationId: "getMyBond", summary: "本单位的投标保证金 / my bond on a section", tags, params },
      },
      async (request) => bonds.myBond(request.actor, request.params.id),
    );

    app.post(
      "/api/v1/sections/:id/bonds/refund-due",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "markBondsRefundDue",
          summary: "确定投标保证金退还期限（撤回/合同/招标失败后5日内）/ set the bonds' refund due date",
          tags,
          params,
          body: z.strictObject({ trigger: z.enum(["withdrawal", "contract", "failed"]), bidderUscc: z.string().max(40).optional() }),
        },
      },
      async (request) => bonds.markRefundDueByCentre(contextOf(request), request.params.id, request.body),
    );

    app.post(
      "/api/v1/bonds/:id/refund",
      {
        config: { access: allow("centre_staff") },
        schema: {
          operationId: "recordBondRefund",
          summary: "登记投标保证金退还（含利息，逾期标记）或电子保函解除 / record a refund or a guarantee's release",
          description: "转账保证金：退还金额 = 保证金 + 利息（精确到分）。电子保函：amountFen 与 interestFen 均为 0。",
          tags,
          params,
          body: z.strictObject({
            refundedAt: instant,
            amountFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
            interestFen: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
          }),
        },
      },
      async (request) => bonds.recordRefund(contextOf(request), request.params.id, request.body),
    );
  };
}
