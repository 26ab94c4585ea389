import type { Account, Role } from "../../api/types.ts";
import type { MessageKey } from "../../i18n.ts";

export interface WorkspaceAction {
  to: string;
  label: MessageKey;
  text: MessageKey;
}

export interface RoleProfile {
  duty: MessageKey;
  actions: WorkspaceAction[];
  /** Work of this role that later modules of the platform bring. */
  upcoming: MessageKey[];
}

const subjects: WorkspaceAction = { to: "/subjects", label: "nav.subjects", text: "workspace.action.subjects" };
const calendar: WorkspaceAction = { to: "/calendar", label: "nav.calendar", text: "workspace.action.calendar" };
const audit: WorkspaceAction = { to: "/audit", label: "nav.audit", text: "workspace.action.audit" };
const me: WorkspaceAction = { to: "/me", label: "nav.me", text: "workspace.action.me" };
const notices: WorkspaceAction = { to: "/notices", label: "nav.notices", text: "workspace.action.notices" };
const newProject: WorkspaceAction = { to: "/tender/projects/new", label: "nav.newProject", text: "workspace.action.newProject" };
const myProjects: WorkspaceAction = { to: "/tender/projects", label: "nav.myProjects", text: "workspace.action.myProjects" };
const projects = (label: "nav.supervisedProjects" | "nav.platformProjects", text: "workspace.action.supervision" | "workspace.action.platformProjects") => ({
  to: "/tender/projects",
  label,
  text,
});
const ownSubject = (user: Account): WorkspaceAction[] =>
  user.subjectId ? [{ to: `/subjects/${user.subjectId}`, label: "nav.ownSubject", text: "workspace.action.ownSubject" }] : [];

/** What each role does on the platform and where its work is. */
export function roleProfile(user: Account): RoleProfile {
  const byRole: Record<Role, RoleProfile> = {
    tenderer: {
      duty: "workspace.duty.tenderer",
      actions: [myProjects, newProject, notices, ...ownSubject(user), subjects, calendar],
      upcoming: ["upcoming.tenderDocs"],
    },
    agency: {
      duty: "workspace.duty.agency",
      actions: [myProjects, newProject, notices, ...ownSubject(user), subjects, calendar],
      upcoming: ["upcoming.tenderDocs"],
    },
    bidder: {
      duty: "workspace.duty.bidder",
      actions: [{ to: "/bidder/sections", label: "nav.bidding", text: "workspace.action.bidding" }, ...ownSubject(user), subjects, calendar],
      upcoming: ["upcoming.deposit", "upcoming.auctions"],
    },
    expert: {
      duty: "workspace.duty.expert",
      actions: [{ to: "/expert/sections", label: "nav.evaluation", text: "workspace.action.evaluation" }, me, calendar],
      upcoming: [],
    },
    centre_staff: {
      duty: "workspace.duty.centre",
      actions: [
        { to: "/register", label: "nav.register", text: "workspace.action.registerForOthers" },
        { ...subjects, text: "workspace.action.verify" },
        { to: "/centre/opening", label: "nav.openingHall", text: "workspace.action.openingHall" },
        projects("nav.platformProjects", "workspace.action.platformProjects"),
        { ...calendar, text: "workspace.action.calendarEdit" },
      ],
      upcoming: ["upcoming.venues"],
    },
    supervisor: {
      duty: "workspace.duty.supervisor",
      actions: [projects("nav.supervisedProjects", "workspace.action.supervision"), { ...subjects, text: "workspace.action.subjectsFull" }, calendar, audit],
      upcoming: ["upcoming.supervision"],
    },
    inspector: {
      duty: "workspace.duty.inspector",
      actions: [
        { ...audit, text: "workspace.action.auditEntries" },
        { to: "/admin/accounts", label: "nav.accounts", text: "workspace.action.accountsRead" },
        projects("nav.platformProjects", "workspace.action.platformProjects"),
        { to: "/experts", label: "nav.experts", text: "workspace.action.expertsRead" },
        subjects,
      ],
      upcoming: ["upcoming.supervision"],
    },
    expert_admin: {
      duty: "workspace.duty.expertAdmin",
      actions: [{ to: "/experts", label: "nav.experts", text: "workspace.action.experts" }, me, calendar],
      upcoming: ["upcoming.expertTraining"],
    },
    expert_extractor: {
      duty: "workspace.duty.expertExtractor",
      actions: [{ to: "/experts/extraction", label: "nav.extraction", text: "workspace.action.extraction" }, notices, me, calendar],
      upcoming: [],
    },
    sysadmin: {
      duty: "workspace.duty.sysadmin",
      actions: [
        { to: "/admin/accounts", label: "nav.accounts", text: "workspace.action.accounts" },
        { ...audit, text: "workspace.action.auditEntries" },
        { ...calendar, text: "workspace.action.calendarEdit" },
      ],
      upcoming: [],
    },
  };
  return byRole[user.role];
}
