import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { AuctionApplicationService } from "./modules/auctions/auction-applications.ts";
import { AuctionBiddingService } from "./modules/auctions/auction-bidding.ts";
import { AuctionClosingService } from "./modules/auctions/auction-closing.ts";
import { auctionRoutes } from "./modules/auctions/auction-routes.ts";
import { AuctionSealedOffersService } from "./modules/auctions/auction-sealed-offers.ts";
import { auctionSealedRoutes } from "./modules/auctions/auction-sealed-routes.ts";
import { AuctionService } from "./modules/auctions/auction-service.ts";
import { DealConfirmationService } from "./modules/auctions/deal-confirmation.ts";
import { dealConfirmationRoutes } from "./modules/auctions/deal-confirmation-routes.ts";
import { auditRoutes } from "./modules/audit/audit-routes.ts";
import { calendarRoutes } from "./modules/calendar/calendar-routes.ts";
import { CalendarService } from "./modules/calendar/calendar-service.ts";
import { creditRoutes } from "./modules/credit/credit-routes.ts";
import { CreditService } from "./modules/credit/credit-service.ts";
import { evaluationRoutes } from "./modules/evaluation/evaluation-routes.ts";
import { EvaluationService } from "./modules/evaluation/evaluation-service.ts";
import { expertsRoutes } from "./modules/experts/experts-routes.ts";
import { ExpertsService } from "./modules/experts/experts-service.ts";
import { identityRoutes } from "./modules/identity/identity-routes.ts";
import { IdentityService } from "./modules/identity/identity-service.ts";
import { regionsRoutes } from "./modules/regions/regions-routes.ts";
import { RegionsService } from "./modules/regions/regions-service.ts";
import { statisticsRoutes } from "./modules/statistics/statistics-routes.ts";
import { StatisticsService } from "./modules/statistics/statistics-service.ts";
import { subjectsRoutes } from "./modules/subjects/subjects-routes.ts";
import { SubjectsService } from "./modules/subjects/subjects-service.ts";
import { alertsRoutes } from "./modules/supervision/alerts-routes.ts";
import { AlertsService } from "./modules/supervision/alerts-service.ts";
import { batchRoutes } from "./modules/supervision/batch-routes.ts";
import { SupervisionBatchRunner } from "./modules/supervision/batch-runner.ts";
import { complaintsRoutes } from "./modules/supervision/complaints-routes.ts";
import { ComplaintsService } from "./modules/supervision/complaints-service.ts";
import { inspectionsRoutes } from "./modules/supervision/inspections-routes.ts";
import { InspectionsService } from "./modules/supervision/inspections-service.ts";
import { screensRoutes } from "./modules/supervision/screens-routes.ts";
import { awardRoutes } from "./modules/tendering/award-routes.ts";
import { AwardService } from "./modules/tendering/award-service.ts";
import { bondRoutes } from "./modules/tendering/bond-routes.ts";
import { BondService } from "./modules/tendering/bond-service.ts";
import { CustodianKeyring } from "./modules/tendering/custodian-keyring.ts";
import { documentDownloadRoutes } from "./modules/tendering/document-download-routes.ts";
import { DocumentDownloadService } from "./modules/tendering/document-download-service.ts";
import { exemptionRoutes } from "./modules/tendering/exemption-routes.ts";
import { ExemptionService } from "./modules/tendering/exemption-service.ts";
import { objectionRoutes } from "./modules/tendering/objection-routes.ts";
import { ObjectionService } from "./modules/tendering/objection-service.ts";
import { prequalificationRoutes } from "./modules/tendering/prequalification-routes.ts";
import { PrequalificationService } from "./modules/tendering/prequalification-service.ts";
import { questionRoutes } from "./modules/tendering/question-routes.ts";
import { QuestionService } from "./modules/tendering/question-service.ts";
import { tenderingRoutes } from "./modules/tendering/tendering-routes.ts";
import { TenderingService } from "./modules/tendering/tendering-service.ts";
import { AuditLog } from "./platform/audit/audit-log.ts";
import type { TreeHeadSigner } from "./platform/audit/audit-signer.ts";
import { type Clock, systemClock } from "./platform/clock.ts";
import type { Database } from "./platform/db/database.ts";
import type { Deps } from "./platform/deps.ts";
import { EventBus } from "./platform/events/event-bus.ts";
import { publicAccess } from "./platform/http/access.ts";
import { createHttpServer, type RouteRecord } from "./platform/http/http-server.ts";

export interface AppOptions {
  database: Database;
  signer: TreeHeadSigner;
  clock?: Clock;
  bodyLimit?: number;
  /** Reverse proxies whose X-Forwarded-For is trusted; loopback by default. */
  trustProxy?: string[];
  logLevel?: string;
  /** Folder of the built web app; served at / when present. */
  webDist?: string;
  /** File that witnesses every signed tree head outside the database. */
  witnessFile?: string;
  /** Folder of the trading centre's and departments' SM2 private keys (never in the database). */
  custodianKeyDir: string;
}

export interface Services {
  deps: Deps;
  identity: IdentityService;
  subjects: SubjectsService;
  regions: RegionsService;
  calendar: CalendarService;
  tendering: TenderingService;
  experts: ExpertsService;
  evaluation: EvaluationService;
  awards: AwardService;
  bonds: BondService;
  objections: ObjectionService;
  questions: QuestionService;
  prequalification: PrequalificationService;
  documents: DocumentDownloadService;
  credit: CreditService;
  exemptions: ExemptionService;
  alerts: AlertsService;
  supervisionBatch: SupervisionBatchRunner;
  complaints: ComplaintsService;
  inspections: InspectionsService;
  statistics: StatisticsService;
  auctions: AuctionService;
  auctionApplications: AuctionApplicationService;
  auctionBidding: AuctionBiddingService;
  auctionClosing: AuctionClosingService;
  auctionSealed: AuctionSealedOffersService;
  dealConfirmations: DealConfirmationService;
  /** The SM2 keys of the centres, departments and platform seals (private keys outside the database). */
  keyring: CustodianKeyring;
}

/** Builds the services of the platform on a database. Used by the server, the CLI and tests. */
export function buildServices(options: Pick<AppOptions, "database" | "signer" | "clock" | "witnessFile" | "custodianKeyDir">): Services {
  const clock = options.clock ?? systemClock;
  const audit = new AuditLog(options.database.db, options.signer, () => clock.now(), options.witnessFile);
  const deps: Deps = { db: options.database.db, audit, clock, events: new EventBus(options.database) };
  const identity = new IdentityService(deps);
  const regions = new RegionsService(deps);
  const calendar = new CalendarService(deps);
  const keyring = new CustodianKeyring(deps, options.custodianKeyDir);
  const experts = new ExpertsService(deps, keyring);
  const credit = new CreditService(deps);
  const auctionSealed = new AuctionSealedOffersService(deps, keyring);
  const alerts = new AlertsService(deps, credit);
  return {
    deps,
    identity,
    subjects: new SubjectsService(deps, identity),
    regions,
    calendar,
    tendering: new TenderingService(deps, regions, calendar, keyring, alerts),
    experts,
    evaluation: new EvaluationService(deps, experts, calendar, alerts),
    awards: new AwardService(deps, calendar, alerts),
    bonds: new BondService(deps, calendar),
    objections: new ObjectionService(deps, calendar),
    questions: new QuestionService(deps, calendar),
    prequalification: new PrequalificationService(deps, calendar),
    documents: new DocumentDownloadService(deps),
    credit,
    exemptions: new ExemptionService(deps, regions, calendar),
    alerts,
    supervisionBatch: new SupervisionBatchRunner(deps, alerts),
    complaints: new ComplaintsService(deps, calendar, credit),
    inspections: new InspectionsService(deps, keyring, credit),
    statistics: new StatisticsService(deps, regions),
    auctions: new AuctionService(deps, regions, calendar, keyring),
    auctionApplications: new AuctionApplicationService(deps),
    auctionBidding: new AuctionBiddingService(deps),
    auctionClosing: new AuctionClosingService(deps, keyring, auctionSealed),
    auctionSealed,
    dealConfirmations: new DealConfirmationService(deps, keyring),
    keyring,
  };
}

export interface App {
  http: FastifyInstance;
  routes: RouteRecord[];
  services: Services;
}

/** The composition root: every module's routes on one Fastify server. */
export async function buildApp(options: AppOptions): Promise<App> {
  const services = buildServices(options);
  const { identity, subjects, regions, calendar, deps } = services;
  await deps.events.start();
  const { app, routes } = await createHttpServer({
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? ["127.0.0.1", "::1"],
    logLevel: options.logLevel ?? "silent",
    authenticate: (token) => identity.authenticate(token),
  });

  app.get(
    "/health",
    { config: { access: publicAccess }, schema: { operationId: "health", summary: "健康检查 / liveness and database check", tags: ["platform"] } },
    async () => {
      const started = performance.now();
      await deps.db.selectFrom("platform").select("code").limit(1).execute();
      const head = await deps.audit.latestTreeHead();
      return {
        status: "ok",
        database: options.database.kind,
        databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
        auditTreeSize: head.treeSize,
        serverTime: deps.clock.now().toISOString(),
        version: "0.1.0",
      };
    },
  );
  app.get(
    "/api/v1/time",
    { config: { access: publicAccess }, schema: { operationId: "serverTime", summary: "服务器标准时间 / server clock", tags: ["platform"] } },
    async () => ({
      serverTime: deps.clock.now().toISOString(),
      epochMs: deps.clock.now().getTime(),
    }),
  );

  await app.register(identityRoutes(identity));
  await app.register(subjectsRoutes(subjects));
  await app.register(regionsRoutes(regions));
  await app.register(calendarRoutes(calendar));
  await app.register(screensRoutes());
  await app.register(tenderingRoutes(services.tendering, deps.events));
  await app.register(expertsRoutes(services.experts));
  await app.register(evaluationRoutes(services.evaluation));
  await app.register(awardRoutes(services.awards));
  await app.register(bondRoutes(services.bonds));
  await app.register(objectionRoutes(services.objections));
  await app.register(questionRoutes(services.questions));
  await app.register(prequalificationRoutes(services.prequalification));
  await app.register(documentDownloadRoutes(services.documents));
  await app.register(creditRoutes(services.credit));
  await app.register(exemptionRoutes(services.exemptions));
  await app.register(alertsRoutes(services.alerts));
  await app.register(batchRoutes(services.supervisionBatch));
  await app.register(complaintsRoutes(services.complaints));
  await app.register(inspectionsRoutes(services.inspections));
  await app.register(statisticsRoutes(services.statistics));
  await app.register(
    auctionRoutes(
      { lots: services.auctions, applications: services.auctionApplications, bidding: services.auctionBidding, closing: services.auctionClosing },
      deps.events,
    ),
  );
  await app.register(auctionSealedRoutes(services.auctionSealed));
  await app.register(dealConfirmationRoutes(services.dealConfirmations));
  await app.register(auditRoutes({ db: deps.db, audit: deps.audit, signer: options.signer, witnessFile: options.witnessFile }));

  app.get("/openapi.json", { config: { access: publicAccess }, schema: { hide: true } }, async () => app.swagger());

  const webDist = options.webDist;
  if (webDist && fs.existsSync(path.join(webDist, "index.html"))) {
    await app.register(fastifyStatic, { root: webDist, serve: false });
    // Built assets by path; every other page is a client-side route of the single-page app.
    app.get("/*", { config: { access: publicAccess }, schema: { hide: true } }, async (request, reply) => {
      const file = decodeURIComponent(request.url.split("?")[0] ?? "/").replace(/^\/+/, "");
      if (file.startsWith("api/")) return reply.callNotFound();
      const full = path.resolve(webDist, file);
      if (file && full.startsWith(webDist) && fs.existsSync(full) && fs.statSync(full).isFile()) {
        if (file.startsWith("assets/")) reply.header("cache-control", "public, max-age=31536000, immutable");
        return reply.sendFile(file);
      }
      return reply.type("text/html").header("cache-control", "no-cache").sendFile("index.html");
    });
  }

  app.addHook("onClose", async () => {
    await services.auctionBidding.flushRefusals();
    await deps.events.close();
  });
  await app.ready();
  return { http: app, routes, services };
}
