import { useQuery } from "@tanstack/react-query";
import { api } from "./client.ts";
import type { Items } from "./types.ts";

/** Shapes of the tendering API (server/src/modules/tendering/tendering-routes.ts). */

export type SectionStatus = "draft" | "announced" | "opening" | "opened" | "evaluated" | "publicity" | "awarded" | "contracted" | "failed";

/** Every status after the opening record was published (the 唱标 record exists). */
export const OPENED_STATUSES: readonly SectionStatus[] = ["opened", "evaluated", "publicity", "awarded", "contracted"];
export const isOpened = (status: SectionStatus | undefined) => status !== undefined && OPENED_STATUSES.includes(status);
export type ProjectKind = "works" | "goods" | "services";
export type ApprovalLevel = "province" | "city" | "county";

export interface TenderSection {
  id: number;
  sectionCode: string;
  unifiedDealCode: string;
  classifyCode: string;
  name: string;
  estimateFen: number;
  bondFen: number;
  status: SectionStatus;
  bidDeadline: string | null;
}

export interface TenderProject {
  id: number;
  platformCode: string;
  projectCode: string;
  tenderProjectCode: string;
  name: string;
  kind: ProjectKind;
  tendererSubjectId: number;
  agencySubjectId: number | null;
  departmentCode: string;
  estimateFen: number;
  compulsory: boolean;
  method: "open" | "invited";
  sections: TenderSection[];
}

export interface TenderNotice {
  sectionId: number;
  projectName: string;
  sectionName: string;
  sectionCode: string;
  unifiedDealCode: string;
  platformCode: string;
  status: SectionStatus;
  publishedAt: string;
  docSaleStart: string;
  docSaleEnd: string;
  bidDeadline: string;
}

export interface SealingKeys {
  sectionCode: string;
  context: string;
  suites: string[];
  custodians: { bidder: string; centre: string; supervisor: string };
  certificateSerial: string;
  bidDeadline: string | null;
}

export interface BidReceipt {
  bidId: number;
  receivedAt: string;
  sectionCode: string;
  sm3: string;
  sha256: string;
  size: number;
  ciphertextSm3: string;
  replacedBidId: number | null;
}

export interface OfferView {
  priceFen: number;
  durationDays?: number;
  quality?: string;
  projectManager?: string;
}

export interface OpeningRecordBid {
  order: number;
  bidderCode: string;
  bidderName: string;
  decrypted: boolean;
  priceFen: number | null;
  durationDays: number | null;
  quality: string | null;
  projectManager: string | null;
  note: string;
}

export interface OpeningRecord {
  sectionCode: string;
  unifiedDealCode: string;
  tenderProjectCode: string;
  bidOpeningTime: string;
  openedAt: string;
  compere: string;
  bids: OpeningRecordBid[];
}

export type BidStatus = "submitted" | "replaced" | "withdrawn" | "decrypted" | "revoked" | "retracted";

export interface BidderList {
  registrations: { uscc: string; name: string; registeredAt: string; ip: string }[];
  bids: { id: number; uscc: string; status: BidStatus; submittedAt: string; sm3: string; size: number; fingerprint: Record<string, string> }[];
}

export interface OpeningStarted {
  status: SectionStatus;
  bids: number;
  decryptDeadline?: string;
  reason?: { zh: string; en: string; basis: string };
}

/** GET /api/v1/sections/:id: a section's public facts, schedule and status. */
export interface SectionView {
  id: number;
  tenderProjectId: number;
  projectName: string;
  platformCode: string;
  name: string;
  sectionCode: string;
  unifiedDealCode: string;
  classifyCode: string;
  estimateFen: number;
  bondFen: number;
  status: SectionStatus;
  noticePublishedAt: string | null;
  docSaleStart: string | null;
  docSaleEnd: string | null;
  bidDeadline: string | null;
  openingStartedAt: string | null;
  decryptDeadline: string | null;
  openedAt: string | null;
  failureReason: string | null;
  /** Not sent by the server yet: the section's expert draw, for the link to its public verification. */
  expertDrawId?: number | null;
}

/** GET /api/v1/sections/:id/my-bid: the bidder's own registration, certificate and live sealed bid. */
export interface MyBid {
  registeredAt: string | null;
  certificate: { serial: string; publicKey: string } | null;
  bid: {
    id: number;
    status: BidStatus;
    submittedAt: string;
    sm3: string;
    sha256: string;
    size: number;
    ciphertextSm3: string;
    /** `shares.bidder` of the sealed record: SM2-encrypted to the certificate the bid was sealed for. */
    bidderShare: string;
    offer: OfferView | null;
  } | null;
}

/** One row of GET /api/v1/tender-projects. */
export interface TenderProjectSummary {
  id: number;
  name: string;
  projectCode: string;
  platformCode: string;
  departmentCode: string;
  createdAt: string;
}

export function useSection(sectionId: number, options: { refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: ["section", sectionId],
    queryFn: () => api.get<SectionView>(`/api/v1/sections/${sectionId}`),
    refetchInterval: options.refetchInterval,
    enabled: Number.isInteger(sectionId) && sectionId > 0,
  });
}

/** Published notices, newest first (the API returns at most 100). */
export function useNotices(options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ["tender-notices"],
    queryFn: () => api.get<Items<TenderNotice>>("/api/v1/tender-notices", { limit: 100 }).then((r) => r.items),
    refetchInterval: options.refetchInterval,
  });
}

/** One section's notice. The API has no per-section endpoint yet: it is looked up in the list. */
export function useNotice(sectionId: number, options: { refetchInterval?: number } = {}) {
  const notices = useNotices(options);
  return { ...notices, data: notices.data?.find((n) => n.sectionId === sectionId) };
}

/** The 唱标 record, once the opening is closed (404 before). */
export function useOpeningRecord(sectionId: number, enabled: boolean) {
  return useQuery({
    queryKey: ["opening-record", sectionId],
    queryFn: () => api.get<OpeningRecord>(`/api/v1/sections/${sectionId}/opening-record`),
    enabled,
    retry: false,
  });
}
