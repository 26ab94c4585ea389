import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  CommentOutlined,
  DashboardOutlined,
  FileAddOutlined,
  FileSearchOutlined,
  FormOutlined,
  FundViewOutlined,
  GoldOutlined,
  HomeOutlined,
  IdcardOutlined,
  NotificationOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SearchOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Account } from "../api/types.ts";
import type { MessageKey } from "../i18n.ts";

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
}

export interface NavGroup {
  label: MessageKey;
  items: NavItem[];
}

/** The side menu: public services for everyone, then the signed-in account's own work. */
export function navigationFor(user: Account | null): NavGroup[] {
  const services: NavItem[] = [
    { path: "/", label: "nav.home", icon: <HomeOutlined /> },
    { path: "/notices", label: "nav.notices", icon: <NotificationOutlined /> },
    { path: "/auctions", label: "nav.auctions", icon: <GoldOutlined /> },
    { path: "/subjects", label: "nav.subjects", icon: <SearchOutlined /> },
  ];
  if (!user || user.role === "centre_staff") services.push({ path: "/register", label: "nav.register", icon: <FormOutlined /> });
  services.push({ path: "/inspections", label: "nav.inspectionResults", icon: <FundViewOutlined /> });
  services.push({ path: "/complaints", label: "nav.publishedComplaints", icon: <CommentOutlined /> });
  services.push({ path: "/calendar", label: "nav.calendar", icon: <CalendarOutlined /> }, { path: "/audit", label: "nav.audit", icon: <AuditOutlined /> });
  if (!user) return [{ label: "nav.group.services", items: services }];

  const work: NavItem[] = [{ path: "/workspace", label: "nav.workspace", icon: <DashboardOutlined /> }];
  if (user.role === "tenderer" || user.role === "agency") {
    work.push(
      { path: "/tender/projects", label: "nav.myProjects", icon: <ProfileOutlined /> },
      { path: "/tender/projects/new", label: "nav.newProject", icon: <FileAddOutlined /> },
    );
  }
  if (user.role === "tenderer") work.push({ path: "/auction/lots", label: "nav.myLots", icon: <GoldOutlined /> });
  if (user.role === "supervisor") work.push({ path: "/supervision/projects", label: "nav.supervisedProjects", icon: <FileSearchOutlined /> });
  if (user.role === "supervisor" || user.role === "inspector") work.push({ path: "/supervision/alerts", label: "nav.alerts", icon: <AlertOutlined /> });
  if (user.role === "supervisor" || user.role === "inspector")
    work.push({ path: "/supervision/inspections", label: "nav.inspections", icon: <SafetyOutlined /> });
  if (user.role === "supervisor" || user.role === "inspector")
    work.push({ path: "/supervision/complaints", label: "nav.complaints", icon: <CommentOutlined /> });
  if (user.role === "centre_staff" || user.role === "inspector")
    work.push({ path: "/tender/projects", label: "nav.platformProjects", icon: <ProfileOutlined /> });
  if (user.role === "inspector") work.push({ path: "/supervision/projects", label: "nav.alertProjects", icon: <FileSearchOutlined /> });
  if (user.role === "expert_admin" || user.role === "inspector") work.push({ path: "/experts", label: "nav.experts", icon: <ApartmentOutlined /> });
  if (user.role === "expert_extractor") work.push({ path: "/experts/extraction", label: "nav.extraction", icon: <ClusterOutlined /> });
  if (user.role === "expert") work.push({ path: "/expert/sections", label: "nav.evaluation", icon: <FileSearchOutlined /> });
  if (user.role === "bidder") work.push({ path: "/bidder/sections", label: "nav.bidding", icon: <SafetyCertificateOutlined /> });
  if (user.role === "bidder") work.push({ path: "/bidder/complaints", label: "nav.myComplaints", icon: <CommentOutlined /> });
  if (user.role === "centre_staff") work.push({ path: "/centre/opening", label: "nav.openingHall", icon: <ScheduleOutlined /> });
  if (user.role === "centre_staff") work.push({ path: "/centre/auctions", label: "nav.auctionAdmin", icon: <GoldOutlined /> });
  if (user.role === "supervisor" || user.role === "centre_staff" || user.role === "inspector")
    work.push({ path: "/statistics", label: "nav.statistics", icon: <BarChartOutlined /> });
  if (user.subjectId !== null) work.push({ path: `/subjects/${user.subjectId}`, label: "nav.ownSubject", icon: <BankOutlined /> });
  if (user.role === "sysadmin" || user.role === "inspector") work.push({ path: "/admin/accounts", label: "nav.accounts", icon: <TeamOutlined /> });
  work.push({ path: "/me", label: "nav.me", icon: <IdcardOutlined /> });
  return [
    { label: "nav.group.work", items: work },
    { label: "nav.group.services", items: services },
  ];
}

/** The menu entry a location belongs to: the longest item path that prefixes it (none for /login). */
export function selectedPath(groups: NavGroup[], pathname: string): string {
  let best = "";
  for (const item of groups.flatMap((g) => g.items)) {
    const matches = pathname === item.path || (item.path !== "/" && pathname.startsWith(`${item.path}/`));
    if (matches && item.path.length > best.length) best = item.path;
  }
  return best;
}
