import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { allow } from "../../platform/http/access.ts";
import { contextOf } from "../../platform/http/http-server.ts";
import type { QuestionService } from "./question-service.ts";

const tags = ["tendering 工程建设项目招标投标"];
const params = z.object({ id: z.coerce.number().int().positive() });

export function questionRoutes(questions: QuestionService): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      "/api/v1/sections/:id/questions",
      {
        config: { access: allow("bidder") },
        schema: {
          operationId: "askQuestion",
          summary: "答疑提问（已报名投标人，匿名；投标截止15日前）/ ask about the tender documents, anonymously",
          tags,
          params,
          body: z.strictObject({ content: z.string().trim().min(1).max(5_000) }),
        },
      },
      async (request, reply) => reply.code(201).send(await questions.ask(contextOf(request), request.params.id, request.body.content)),
    );
    app.get(
      "/api/v1/sections/:id/questions",
      {
        config: { access: allow("bidder", "tenderer", "agency", "centre_staff", "supervisor", "inspector") },
        schema: {
          operationId: "listQuestions",
          summary: "答疑（招标人不可见提问人；监管、纪检可见）/ questions and answers",
          tags,
          params,
        },
      },
      async (request) => questions.list(request.actor, request.params.id),
    );
    app.post(
      "/api/v1/questions/:id/answer",
      {
        config: { access: allow("tenderer", "agency") },
        schema: {
          operationId: "answerQuestion",
          summary: "答复答疑问题（修改招标文件的须先发布澄清并引用）/ answer a question, naming the clarification that changes the documents",
          tags,
          params,
          body: z.strictObject({
            answer: z.string().trim().min(1).max(20_000),
            clarificationId: z.number().int().positive().optional(),
          }),
        },
      },
      async (request) => questions.answer(contextOf(request), request.params.id, request.body),
    );
  };
}
