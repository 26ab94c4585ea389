import { useQuery } from "@tanstack/react-query";
import { ApiError, api } from "./client.ts";
import type { OfferView } from "./tendering.ts";

/**
 * Shapes of the expert database, the committed-seed draw, the evaluation and the award
 * (server/src/modules/experts, evaluation, tendering/award-routes.ts).
 */

export type ExpertKind = "technical" | "economic";

/** A row of GET /api/v1/experts (综合评标专家库). */
export interface ExpertRow {
  id: number;
  name: string;
  specialty: string;
  kind: ExpertKind;
  regionCode: string;
  title: string;
  employerName: string | null;
  available: boolean;
  punishedUntil: string | null;
}

/** An expert of a draw's pool snapshot: no name, only what the draw's rules look at. */
export interface DrawExpert {
  id: string;
  specialty: string;
  kind: ExpertKind;
  region: string;
  employerUscc?: string;
  available: boolean;
  punishedUntil?: string;
  departmentCode?: string;
  avoidUsccs?: string[];
}

export interface DrawRules {
  specialties: string[];
  minTechnicalEconomicShare?: number;
  bidderUsccs: string[];
  tendererUscc?: string;
  supervisingDepartment?: string;
  today: string;
  localRegion: string;
  remoteRegions?: string[];
}

export type DrawStatus = "committed" | "drawn" | "revealed";

/** GET /api/v1/expert-draws/:id: the commitment at once; everything to re-run the draw once revealed. */
export interface PublicDraw {
  id: number;
  sectionId: number;
  status: DrawStatus;
  commitment: string;
  inputDigest: string;
  algorithm: string;
  size: number;
  /** Hex, once revealed. */
  seed: string | null;
  /** The DRBG personalization's draw id ("expert-draw-7"). */
  drawId: string;
  pool: DrawExpert[] | null;
  rules: DrawRules | null;
  declined: string[] | null;
  members: { expertId: string; order: number }[] | null;
}

export interface DrawCommitted {
  id: number;
  commitment: string;
  inputDigest: string;
}

export interface DrawOutcome {
  drawId: number;
  drawn: number;
  declined: number;
}

export interface EvaluationBid {
  bidId: number;
  bidderUscc: string;
  bidderName: string;
  priceFen: number;
  offer: OfferView | null;
  submittedAt: string;
}

/** The committee's conclusion (data sets 509/510) as stored; its canonical JSON's SM3 is what each member signs. */
export interface ReportResult {
  method: string;
  sectionCode: string;
  unifiedDealCode: string;
  committee: number;
  bids: { bidId: number; bidderCode: string; bidderName: string; priceFen: number; rejected: boolean; reasons: string[] }[];
  ranking: { bidderId: string; rank: number; bidPriceFen: number; evaluatedPriceFen: number }[];
  candidates: { order: number; bidderCode: string; bidderName?: string }[];
  insufficientCompetition: boolean;
  createdAt: string;
}

export interface EvaluationWorkspace {
  sectionId: number;
  committeeSize: number;
  bids: EvaluationBid[];
  myReviews: { bidId: number; qualified: boolean; rejectReason: string | null }[];
  report: (ReportResult & { signatures: number; completed: boolean }) | null;
}

/** GET /api/v1/sections/:id/evaluation/report. */
export interface EvaluationReport extends ReportResult {
  digest: string;
  signatures: number;
  completedAt: string | null;
}

export interface ResultFlag {
  rule: string;
  basis: string;
  zh: string;
  en: string;
}

/** GET /api/v1/sections/:id/result: the candidate publicity, then the winner, the contract and every flag. */
export interface SectionResult {
  sectionId: number;
  candidates: { order: number; bidderCode: string; bidderName?: string; priceFen?: number }[];
  publicityStart: string;
  publicityEnd: string;
  winner: { bidderCode: string; bidderName: string; priceFen: number | null } | null;
  awardedAt: string | null;
  contract: { contractCode: string; signedAt?: string; amountFen: number | null } | null;
  reportFiledAt: string | null;
  flags: ResultFlag[];
}

/** A GET that answers 404 until the thing exists: null instead of an error. */
async function orNull<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** The candidates and result of a section (null before the candidates are published). */
export function useSectionResult(sectionId: number, enabled = true) {
  return useQuery({
    queryKey: ["section-result", sectionId],
    queryFn: () => orNull(api.get<SectionResult>(`/api/v1/sections/${sectionId}/result`)),
    enabled,
  });
}

/** The evaluation report (null until it is complete, for anyone but the committee). */
export function useEvaluationReport(sectionId: number, enabled = true) {
  return useQuery({
    queryKey: ["evaluation-report", sectionId],
    queryFn: () => orNull(api.get<EvaluationReport>(`/api/v1/sections/${sectionId}/evaluation/report`)),
    enabled,
  });
}

export function usePublicDraw(drawId: number | undefined) {
  return useQuery({
    queryKey: ["expert-draw", drawId],
    queryFn: () => api.get<PublicDraw>(`/api/v1/expert-draws/${drawId}`),
    enabled: drawId !== undefined && Number.isInteger(drawId) && drawId > 0,
    retry: false,
  });
}

/** The draw of a section as this browser knows it: the server does not say which draw belongs to a section. */
export const drawMemory = {
  get(sectionId: number): number | undefined {
    const value = Number(localStorage.getItem(`ggzy.expert-draw.${sectionId}`));
    return Number.isInteger(value) && value > 0 ? value : undefined;
  },
  set(sectionId: number, drawId: number) {
    localStorage.setItem(`ggzy.expert-draw.${sectionId}`, String(drawId));
  },
};
