import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";
import * as spineCore from "../../migrations/202611212300_spine_core.ts";
import * as tenderingCore from "../../migrations/202611212330_tendering_core.ts";
import * as expertsEvaluation from "../../migrations/202611212345_experts_evaluation.ts";
import * as tenderingBondsObjections from "../../migrations/202611220000_tendering_bonds_objections.ts";
import * as credit from "../../migrations/202611220010_credit.ts";
import * as invitationsExemptions from "../../migrations/202611220020_invitations_exemptions.ts";
import * as supervisionAlerts from "../../migrations/202611220030_supervision_alerts.ts";
import * as complaints from "../../migrations/202611220040_complaints.ts";
import * as auctions from "../../migrations/202611220100_auctions.ts";
import * as inspections from "../../migrations/202611220110_inspections.ts";
import * as questionsDownloads from "../../migrations/202611220120_questions_downloads.ts";
import * as auctionRefusals from "../../migrations/202611220130_auction_refusals.ts";
import * as supervisionBatch from "../../migrations/202611220140_supervision_batch.ts";
import * as prequalification from "../../migrations/202611220160_prequalification.ts";
import * as complaintsProcurement from "../../migrations/202611220170_complaints_procurement.ts";
import * as auctionSealed from "../../migrations/202611220180_auction_sealed.ts";
import * as dealConfirmation from "../../migrations/202611220190_deal_confirmation.ts";
import * as sealedOfferEnvelopes from "../../migrations/202611220200_sealed_offer_envelopes.ts";
import type { Db } from "./database.ts";

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
const migrations: Record<string, Migration> = {
  "202611212300_spine_core": spineCore,
  "202611212330_tendering_core": tenderingCore,
  "202611212345_experts_evaluation": expertsEvaluation,
  "202611220000_tendering_bonds_objections": tenderingBondsObjections,
  "202611220010_credit": credit,
  "202611220020_invitations_exemptions": invitationsExemptions,
  "202611220030_supervision_alerts": supervisionAlerts,
  "202611220040_complaints": complaints,
  "202611220100_auctions": auctions,
  "202611220110_inspections": inspections,
  "202611220120_questions_downloads": questionsDownloads,
  "202611220130_auction_refusals": auctionRefusals,
  "202611220140_supervision_batch": supervisionBatch,
  "202611220160_prequalification": prequalification,
  "202611220170_complaints_procurement": complaintsProcurement,
  "202611220180_auction_sealed": auctionSealed,
  "202611220190_deal_confirmation": dealConfirmation,
  "202611220200_sealed_offer_envelopes": sealedOfferEnvelopes,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrateReport {
  applied: string[];
}

/** Brings the schema up to date; safe to run on every start and from several processes. */
export async function migrateToLatest(db: Db): Promise<MigrateReport> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error;
  return { applied: (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName) };
}
