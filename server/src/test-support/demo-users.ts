import type { Role } from "../modules/identity/domain/roles.ts";

/** The demo account that acts in each role. */
export const USER_OF_ROLE: Record<Role, string> = {
  sysadmin: "admin",
  centre_staff: "centre",
  supervisor: "supervisor",
  inspector: "inspector",
  expert_admin: "expertadmin",
  expert_extractor: "extractor",
  expert: "expert",
  tenderer: "tenderer",
  agency: "agency",
  bidder: "bidder",
};
