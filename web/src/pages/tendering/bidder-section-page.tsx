import { CheckCircleFilled, UnlockOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Popconfirm, Result, Skeleton, Space, Steps } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, api } from "../../api/client.ts";
import { useServerOffset } from "../../api/queries.ts";
import { type BidReceipt, isOpened, type MyBid, type OfferView, type SealingKeys, useNotice } from "../../api/tendering.ts";
import { useAuth } from "../../auth.tsx";
import { HashText } from "../../components/hash-text.tsx";
import { PageTitle } from "../../components/page-title.tsx";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { decryptMyShare } from "../../lib/bid-sealing.ts";
import { type StoredBid, wallet } from "../../lib/bidder-wallet.ts";
import { formatDateTime } from "../../lib/format.ts";
import { BidForm } from "./bid-form.tsx";
import { CertificateCard } from "./certificate-card.tsx";
import { Countdown } from "./countdown.tsx";
import { PrequalBidderCard, PrequalBidderPage } from "./prequal-bidder-card.tsx";
import { QaPanel } from "./qa-panel.tsx";
import { TenderDocuments } from "./tender-documents.tsx";
import { SectionStatusTag, useMoney } from "./tender-parts.tsx";

type KeysState = { kind: "unregistered" } | { kind: "no-certificate" } | { kind: "ready"; keys: SealingKeys };

/** The receipt as this browser kept it (with the price and file names) or, without it, as the platform tells it. */
interface ReceiptShown {
  receipt: Pick<BidReceipt, "bidId" | "receivedAt" | "sm3" | "sha256" | "size" | "ciphertextSm3">;
  priceFen?: number;
  fileNames?: string[];
}

/**
 * 投标: register, set up the certificate, seal and submit the bid, and decrypt it online at the
 * opening. The live bid and its encrypted key share come from the platform (my-bid), so decryption
 * needs only the certificate's private key in this browser, not the receipt kept at submission.
 */
export function BidderSectionPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const money = useMoney();
  const sectionId = Number(useParams().id);
  const notice = useNotice(sectionId, { refetchInterval: 5000 });
  const offset = useServerOffset();
  const username = user?.username ?? "";
  const [stored, setStored] = useState<StoredBid | undefined>(() => wallet.bid(username, sectionId));
  const [busy, setBusy] = useState<"register" | "withdraw" | "decrypt">();
  const [replacing, setReplacing] = useState(false);
  const [decryptError, setDecryptError] = useState<string>();

  const mine = useQuery({
    queryKey: ["my-bid", sectionId, username],
    queryFn: () => api.get<MyBid>(`/api/v1/sections/${sectionId}/my-bid`),
  });

  const keys = useQuery({
    queryKey: ["sealing-keys", sectionId, username],
    retry: false,
    queryFn: async (): Promise<KeysState> => {
      try {
        return { kind: "ready", keys: await api.get<SealingKeys>(`/api/v1/sections/${sectionId}/sealing-keys`) };
      } catch (error) {
        if (error instanceof ApiError && error.code === "NOT_REGISTERED") return { kind: "unregistered" };
        if (error instanceof ApiError && error.code === "CERTIFICATE_REQUIRED") return { kind: "no-certificate" };
        throw error;
      }
    },
  });

  const save = (bid: StoredBid) => {
    wallet.saveBid(username, sectionId, bid);
    setStored(bid);
    void mine.refetch();
  };

  const register = async () => {
    setBusy("register");
    try {
      await api.post(`/api/v1/sections/${sectionId}/registrations`);
      message.success(t("tender.registered", { name: notice.data?.sectionName ?? "" }));
      await keys.refetch();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  const withdraw = async () => {
    setBusy("withdraw");
    try {
      const result = await api.delete<{ withdrawnAt: string }>(`/api/v1/sections/${sectionId}/bid`);
      if (stored) save({ ...stored, withdrawnAt: result.withdrawnAt });
      else void mine.refetch();
      message.success(t("tender.bid.withdrawn"));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  const decrypt = async () => {
    const live = mine.data?.bid;
    if (!live) return;
    setBusy("decrypt");
    setDecryptError(undefined);
    try {
      const certificate = wallet.certificate(username);
      if (!certificate) throw new Error(t("tender.decrypt.noKey"));
      // The share is decrypted here, with the certificate's private key; only the share goes to the platform.
      let share: ReturnType<typeof decryptMyShare>;
      try {
        share = decryptMyShare(live.bidderShare, certificate.privateKey);
      } catch {
        throw new Error(t("tender.decrypt.noKey"));
      }
      const result = await api.post<{ offer: OfferView }>(`/api/v1/sections/${sectionId}/bid/decryption`, { share });
      if (stored?.receipt.bidId === live.id) save({ ...stored, decrypted: result.offer });
      else void mine.refetch();
      message.success(t("tender.decrypt.done"));
    } catch (error) {
      setDecryptError(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(undefined);
    }
  };

  if (notice.error) return <ProblemAlert error={notice.error} />;
  if (notice.isLoading || keys.isLoading || mine.isLoading) return <Skeleton active />;
  const n = notice.data;
  if (!n) return <PrequalBidderPage sectionId={sectionId} fallback={<Result status="404" title={t("tender.notice.missing")} />} />;
  if (keys.error || mine.error) return <ProblemAlert error={keys.error ?? mine.error} />;
  const state = keys.data as KeysState;
  const registered = state.kind !== "unregistered";
  const ready = state.kind === "ready" ? state.keys : undefined;
  const certificate = wallet.certificate(username);
  const certificateOk = ready !== undefined && certificate?.publicKey.toLowerCase() === ready.custodians.bidder.toLowerCase();
  const live = mine.data?.bid ?? null;
  const active = live !== null;
  const local = stored && live && stored.receipt.bidId === live.id ? stored : undefined;
  const shown: ReceiptShown | undefined = live
    ? {
        receipt: local?.receipt ?? {
          bidId: live.id,
          receivedAt: live.submittedAt,
          sm3: live.sm3,
          sha256: live.sha256,
          size: live.size,
          ciphertextSm3: live.ciphertextSm3,
        },
        priceFen: local?.priceFen,
        fileNames: local?.fileNames,
      }
    : undefined;
  const offer = live?.offer ?? local?.decrypted;
  const beforeDeadline = n.status === "announced" && Date.now() + (offset.data ?? 0) < new Date(n.bidDeadline).getTime();
  const current = !registered ? 0 : !certificateOk ? 1 : !active ? 2 : 3;

  return (
    <>
      <PageTitle title={n.projectName} description={`${n.sectionName} · ${n.sectionCode}`} extra={<SectionStatusTag status={n.status} />} />
      <Card size="small" className="section-gap">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            {
              key: "sale",
              label: t("tender.docSale"),
              children: `${formatDateTime(n.docSaleStart).slice(0, 16)} — ${formatDateTime(n.docSaleEnd).slice(0, 16)}`,
            },
            { key: "deadline", label: t("tender.bidDeadlineOpening"), children: <strong>{formatDateTime(n.bidDeadline)}</strong> },
            { key: "left", label: t("tender.timeLeft"), children: <Countdown until={n.bidDeadline} /> },
          ]}
        />
        <Steps
          size="small"
          current={current}
          items={[
            { title: t("tender.step.register") },
            { title: t("tender.step.certificate") },
            { title: t("tender.step.bid") },
            { title: t("tender.step.opening") },
          ]}
        />
      </Card>

      <PrequalBidderCard sectionId={sectionId} />

      <Card size="small" className="section-gap" title={t("tender.step.register")}>
        {registered ? (
          <span className="ok">
            <CheckCircleFilled /> {t("tender.registeredState")}
          </span>
        ) : n.status === "announced" ? (
          <Button type="primary" onClick={register} loading={busy === "register"}>
            {t("tender.register")}
          </Button>
        ) : (
          <span className="muted">{t("tender.registrationClosed")}</span>
        )}
      </Card>

      {registered && (
        <Card size="small" className="section-gap" title={t("tender.docs.title")}>
          <TenderDocuments sectionId={sectionId} />
        </Card>
      )}

      {registered && (
        <CertificateCard
          username={username}
          serverPublicKey={ready?.custodians.bidder}
          serverSerial={ready?.certificateSerial}
          onRegistered={() => void keys.refetch()}
        />
      )}

      {registered && (
        <Card size="small" className="section-gap" title={t("tender.bid.title")}>
          {shown && (
            <>
              <ReceiptView bid={shown} />
              {beforeDeadline && !replacing && (
                <Space className="form-actions">
                  <Button onClick={() => setReplacing(true)} disabled={!certificateOk}>
                    {t("tender.bid.replace")}
                  </Button>
                  <Popconfirm title={t("tender.bid.withdrawConfirm")} onConfirm={withdraw} okText={t("tender.bid.withdraw")} cancelText={t("tender.cancel")}>
                    <Button danger loading={busy === "withdraw"}>
                      {t("tender.bid.withdraw")}
                    </Button>
                  </Popconfirm>
                </Space>
              )}
            </>
          )}
          {!active && stored?.withdrawnAt && (
            <Alert className="form-alert" type="warning" showIcon title={t("tender.bid.withdrawnAt", { time: formatDateTime(stored.withdrawnAt) })} />
          )}
          {beforeDeadline && ready && certificateOk && (!active || replacing) && (
            <BidForm
              sectionId={sectionId}
              keys={ready}
              onSubmitted={(bid) => {
                save(bid);
                setReplacing(false);
                message.success(t("tender.bid.submitted"));
              }}
            />
          )}
          {beforeDeadline && !certificateOk && !active && <span className="muted">{t("tender.bid.needCertificate")}</span>}
          {!beforeDeadline && !active && <span className="muted">{t("tender.bid.closed")}</span>}
        </Card>
      )}

      {active && (n.status === "opening" || isOpened(n.status) || offer) && (
        <Card size="small" className="section-gap" title={t("tender.decrypt.title")}>
          {offer ? (
            <Descriptions
              size="small"
              column={{ xs: 1, md: 4 }}
              items={[
                { key: "state", label: t("common.status"), children: <span className="ok">{t("tender.decrypt.decrypted")}</span> },
                { key: "price", label: t("tender.bid.price"), children: <strong className="price">{money(offer.priceFen)}</strong> },
                { key: "duration", label: t("tender.bid.duration"), children: offer.durationDays ?? "—" },
                { key: "pm", label: t("tender.bid.manager"), children: offer.projectManager ?? "—" },
              ]}
            />
          ) : n.status === "opening" ? (
            <>
              <Alert className="form-alert" type="info" showIcon title={t("tender.decrypt.note")} />
              {decryptError && <Alert className="form-alert" type="error" showIcon title={decryptError} />}
              <Button type="primary" size="large" icon={<UnlockOutlined />} onClick={decrypt} loading={busy === "decrypt"}>
                {t("tender.decrypt.button")}
              </Button>
            </>
          ) : (
            <span className="muted">{t("tender.decrypt.missed")}</span>
          )}
          {isOpened(n.status) && (
            <div className="form-actions">
              <Link to={`/notices/${sectionId}`}>{t("tender.record.view")}</Link>
            </div>
          )}
        </Card>
      )}

      {registered && (
        <Card size="small" className="section-gap" title={t("tender.qa.title")}>
          <QaPanel sectionId={sectionId} mode="bidder" />
        </Card>
      )}
    </>
  );
}

function ReceiptView({ bid }: { bid: ReceiptShown }) {
  const { t } = useI18n();
  const money = useMoney();
  const r = bid.receipt;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      className="receipt section-gap"
      title={t("tender.receipt.title")}
      items={[
        { key: "id", label: t("tender.receipt.bidId"), children: <span className="mono">{r.bidId}</span> },
        { key: "time", label: t("tender.receipt.receivedAt"), children: formatDateTime(r.receivedAt) },
        { key: "sm3", label: t("tender.receipt.sm3"), children: <HashText value={r.sm3} width={480} /> },
        { key: "sha256", label: t("tender.receipt.sha256"), children: <HashText value={r.sha256} width={480} /> },
        { key: "size", label: t("tender.receipt.size"), children: t("tender.receipt.bytes", { n: r.size.toLocaleString("en-US") }) },
        { key: "csm3", label: t("tender.receipt.ciphertextSm3"), children: <HashText value={r.ciphertextSm3} width={480} /> },
        ...(bid.priceFen !== undefined ? [{ key: "price", label: t("tender.receipt.price"), children: money(bid.priceFen) }] : []),
        ...(bid.fileNames?.length ? [{ key: "files", label: t("tender.bid.files"), children: bid.fileNames.join("、") }] : []),
      ]}
    />
  );
}
