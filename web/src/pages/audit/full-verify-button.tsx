import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Modal } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { AuditReport } from "../../api/types.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";

/** Asks the server to recompute the whole tree and recheck every head and logged row. */
export function FullVerifyButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const run = useMutation({ mutationFn: () => api.get<AuditReport>("/api/v1/audit/verify") });
  const r = run.data;
  return (
    <>
      <Button
        onClick={() => {
          setOpen(true);
          run.mutate();
        }}
      >
        {t("audit.fullVerify")}
      </Button>
      <Modal title={t("audit.fullVerify")} open={open} onCancel={() => setOpen(false)} footer={null} width={640}>
        <ProblemAlert error={run.error} />
        {run.isPending && <Alert type="info" showIcon title={t("audit.fullVerifyRunning")} />}
        {r && (
          <>
            <Alert
              type={r.ok ? "success" : "error"}
              showIcon
              title={r.ok ? `✓ ${t("audit.fullVerifyOk")}` : `✗ ${t("audit.fullVerifyBad", { n: r.problems.length })}`}
            />
            <Descriptions
              className="section-gap"
              size="small"
              bordered
              column={2}
              items={[
                { key: "entries", label: t("audit.report.entries"), children: r.entries },
                { key: "leaves", label: t("audit.report.leaves"), children: r.leaves },
                { key: "signed", label: t("audit.report.signedTreeSize"), children: r.signedTreeSize },
                { key: "heads", label: t("audit.report.heads"), children: r.heads },
                { key: "rows", label: t("audit.report.rowsChecked"), children: r.rowsChecked },
                { key: "unsealed", label: t("audit.report.unsealed"), children: r.unsealedEntries },
              ]}
            />
            {r.problems.length > 0 && (
              <ul className="problems">
                {r.problems.map((p) => (
                  <li key={`${p.kind}-${p.leafIndex ?? ""}-${p.entryId ?? ""}-${p.treeSize ?? ""}`}>
                    <strong className="mono">{p.kind}</strong> {p.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </Modal>
    </>
  );
}
