import { App as AntApp, ConfigProvider } from "antd";
import enUSModule from "antd/es/locale/en_US.js";
import zhCNModule from "antd/es/locale/zh_CN.js";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn.js";
import { type ComponentType, lazy } from "react";
import { BrowserRouter, Route, Routes } from "react-router";
import { AuthProvider } from "./auth.tsx";
import { RequireRole } from "./components/require-role.tsx";
import { useI18n } from "./i18n.ts";
import { AppLayout } from "./layout/app-layout.tsx";
import { theme } from "./theme.ts";

/** antd's ES locale files are typed as CommonJS under NodeNext; the bundler hands over the default export itself. */
const esDefault = <T,>(module: T | { default: T }): T => (module as { default?: T }).default ?? (module as T);
const zhCN = esDefault(zhCNModule);
const enUS = esDefault(enUSModule);

/** A route's page, loaded on first visit. */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));

const PortalHome = page(() => import("./pages/portal-home.tsx"), "PortalHome");
const LoginPage = page(() => import("./pages/login-page.tsx"), "LoginPage");
const RegisterPage = page(() => import("./pages/register/register-page.tsx"), "RegisterPage");
const SubjectsPage = page(() => import("./pages/subjects-page.tsx"), "SubjectsPage");
const SubjectProfilePage = page(() => import("./pages/subject/subject-profile-page.tsx"), "SubjectProfilePage");
const AuditPage = page(() => import("./pages/audit/audit-page.tsx"), "AuditPage");
const CalendarPage = page(() => import("./pages/calendar/calendar-page.tsx"), "CalendarPage");
const WorkspacePage = page(() => import("./pages/workspace/workspace-page.tsx"), "WorkspacePage");
const AccountsPage = page(() => import("./pages/accounts/accounts-page.tsx"), "AccountsPage");
const NoticesPage = page(() => import("./pages/tendering/notices-page.tsx"), "NoticesPage");
const BiddingPage = page(() => import("./pages/tendering/notices-page.tsx"), "BiddingPage");
const OpeningListPage = page(() => import("./pages/tendering/notices-page.tsx"), "OpeningListPage");
const NoticeDetailPage = page(() => import("./pages/tendering/notice-detail-page.tsx"), "NoticeDetailPage");
const ProjectNewPage = page(() => import("./pages/tendering/project-new-page.tsx"), "ProjectNewPage");
const ProjectPage = page(() => import("./pages/tendering/project-page.tsx"), "ProjectPage");
const BidderSectionPage = page(() => import("./pages/tendering/bidder-section-page.tsx"), "BidderSectionPage");
const OpeningHallPage = page(() => import("./pages/tendering/opening-hall-page.tsx"), "OpeningHallPage");
const ProjectsPage = page(() => import("./pages/tendering/projects-page.tsx"), "ProjectsPage");
const ExpertsPage = page(() => import("./pages/experts/experts-page.tsx"), "ExpertsPage");
const ExtractionListPage = page(() => import("./pages/experts/extraction-page.tsx"), "ExtractionListPage");
const ExtractionPage = page(() => import("./pages/experts/extraction-page.tsx"), "ExtractionPage");
const DrawVerifyPage = page(() => import("./pages/experts/draw-verify-page.tsx"), "DrawVerifyPage");
const ExpertSectionsPage = page(() => import("./pages/evaluation/expert-sections-page.tsx"), "ExpertSectionsPage");
const EvaluationPage = page(() => import("./pages/evaluation/evaluation-page.tsx"), "EvaluationPage");
const AlertsPage = page(() => import("./pages/supervision/alerts-page.tsx"), "AlertsPage");
const ComplaintsPage = page(() => import("./pages/supervision/complaints-page.tsx"), "ComplaintsPage");
const MyComplaintsPage = page(() => import("./pages/complaints/my-complaints-page.tsx"), "MyComplaintsPage");
const PublishedComplaintsPage = page(() => import("./pages/complaints/published-complaints-page.tsx"), "PublishedComplaintsPage");
const SupervisedProjectsPage = page(() => import("./pages/supervision/supervised-projects-page.tsx"), "SupervisedProjectsPage");
const InspectionsPage = page(() => import("./pages/supervision/inspections-page.tsx"), "InspectionsPage");
const InspectionResultsPage = page(() => import("./pages/supervision/inspections-results-page.tsx"), "InspectionResultsPage");
const InspectionVerifyPage = page(() => import("./pages/supervision/inspections-results-page.tsx"), "InspectionVerifyPage");
const StatisticsPage = page(() => import("./pages/statistics/statistics-page.tsx"), "StatisticsPage");
const AuctionLotsPage = page(() => import("./pages/auctions/auction-lots-page.tsx"), "AuctionLotsPage");
const SellerLotsPage = page(() => import("./pages/auctions/auction-lots-page.tsx"), "SellerLotsPage");
const CentreLotsPage = page(() => import("./pages/auctions/auction-lots-page.tsx"), "CentreLotsPage");
const AuctionLotPage = page(() => import("./pages/auctions/auction-lot-page.tsx"), "AuctionLotPage");
const AuctionLotNewPage = page(() => import("./pages/auctions/auction-lot-new-page.tsx"), "AuctionLotNewPage");
const CentreLotPage = page(() => import("./pages/auctions/centre-lot-page.tsx"), "CentreLotPage");
const MePage = page(() => import("./pages/me-page.tsx"), "MePage");
const NotFoundPage = page(() => import("./pages/not-found-page.tsx"), "NotFoundPage");

export function App() {
  const { lang } = useI18n();
  dayjs.locale(lang === "zh" ? "zh-cn" : "en");
  return (
    <ConfigProvider locale={lang === "zh" ? zhCN : enUS} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route element={<AppLayout />}>
                <Route index element={<PortalHome />} />
                <Route path="login" element={<LoginPage />} />
                <Route path="register" element={<RegisterPage />} />
                <Route path="subjects" element={<SubjectsPage />} />
                <Route path="subjects/:id" element={<SubjectProfilePage />} />
                <Route path="audit" element={<AuditPage />} />
                <Route path="calendar" element={<CalendarPage />} />
                <Route path="workspace" element={<RequireRole>{<WorkspacePage />}</RequireRole>} />
                <Route path="admin/accounts" element={<RequireRole roles={["sysadmin", "inspector"]}>{<AccountsPage />}</RequireRole>} />
                <Route path="notices" element={<NoticesPage />} />
                <Route path="notices/:sectionId" element={<NoticeDetailPage />} />
                <Route
                  path="tender/projects"
                  element={<RequireRole roles={["tenderer", "agency", "centre_staff", "supervisor", "inspector"]}>{<ProjectsPage />}</RequireRole>}
                />
                <Route path="tender/projects/new" element={<RequireRole roles={["tenderer", "agency"]}>{<ProjectNewPage />}</RequireRole>} />
                <Route
                  path="tender/projects/:id"
                  element={<RequireRole roles={["tenderer", "agency", "centre_staff", "supervisor", "inspector"]}>{<ProjectPage />}</RequireRole>}
                />
                <Route path="bidder/sections" element={<RequireRole roles={["bidder"]}>{<BiddingPage />}</RequireRole>} />
                <Route path="bidder/sections/:id" element={<RequireRole roles={["bidder"]}>{<BidderSectionPage />}</RequireRole>} />
                <Route path="centre/opening" element={<RequireRole roles={["centre_staff"]}>{<OpeningListPage />}</RequireRole>} />
                <Route
                  path="centre/opening/:sectionId"
                  element={<RequireRole roles={["centre_staff", "supervisor", "inspector"]}>{<OpeningHallPage />}</RequireRole>}
                />
                <Route path="experts" element={<RequireRole roles={["expert_admin", "inspector"]}>{<ExpertsPage />}</RequireRole>} />
                <Route path="experts/extraction" element={<RequireRole roles={["expert_extractor"]}>{<ExtractionListPage />}</RequireRole>} />
                <Route path="experts/extraction/:sectionId" element={<RequireRole roles={["expert_extractor"]}>{<ExtractionPage />}</RequireRole>} />
                <Route path="expert-draws/:id" element={<DrawVerifyPage />} />
                <Route path="expert/sections" element={<RequireRole roles={["expert"]}>{<ExpertSectionsPage />}</RequireRole>} />
                <Route path="expert/sections/:id" element={<RequireRole roles={["expert"]}>{<EvaluationPage />}</RequireRole>} />
                <Route path="supervision/alerts" element={<RequireRole roles={["supervisor", "inspector", "centre_staff"]}>{<AlertsPage />}</RequireRole>} />
                <Route path="supervision/complaints" element={<RequireRole roles={["supervisor", "inspector"]}>{<ComplaintsPage />}</RequireRole>} />
                <Route path="bidder/complaints" element={<RequireRole roles={["bidder"]}>{<MyComplaintsPage />}</RequireRole>} />
                <Route path="complaints" element={<PublishedComplaintsPage />} />
                <Route path="supervision/projects" element={<RequireRole roles={["supervisor", "inspector"]}>{<SupervisedProjectsPage />}</RequireRole>} />
                <Route path="supervision/inspections" element={<RequireRole roles={["supervisor", "inspector"]}>{<InspectionsPage />}</RequireRole>} />
                <Route path="inspections" element={<InspectionResultsPage />} />
                <Route path="inspections/:id" element={<InspectionVerifyPage />} />
                <Route path="statistics" element={<RequireRole roles={["supervisor", "centre_staff", "inspector"]}>{<StatisticsPage />}</RequireRole>} />
                <Route path="auctions" element={<AuctionLotsPage />} />
                <Route path="auctions/:id" element={<AuctionLotPage />} />
                <Route path="auction/lots" element={<RequireRole roles={["tenderer"]}>{<SellerLotsPage />}</RequireRole>} />
                <Route path="auction/lots/new" element={<RequireRole roles={["tenderer"]}>{<AuctionLotNewPage />}</RequireRole>} />
                <Route path="centre/auctions" element={<RequireRole roles={["centre_staff"]}>{<CentreLotsPage />}</RequireRole>} />
                <Route path="centre/auctions/:id" element={<RequireRole roles={["centre_staff"]}>{<CentreLotPage />}</RequireRole>} />
                <Route path="me" element={<RequireRole>{<MePage />}</RequireRole>} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
