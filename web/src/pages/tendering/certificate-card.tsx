import { DownloadOutlined, ImportOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Space, Upload } from "antd";
import { useState } from "react";
import { sm2 } from "sm-crypto-v2";
import { api } from "../../api/client.ts";
import { HashText } from "../../components/hash-text.tsx";
import { useI18n } from "../../i18n.ts";
import { downloadCertificate, type StoredCertificate, wallet } from "../../lib/bidder-wallet.ts";

/** Makes a new SM2 key pair in this browser (not yet registered with the platform). */
function generateCertificate(username: string): StoredCertificate {
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  const random = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, "0")).join("");
  return { serial: `DEMO-${username}-${random.toUpperCase()}`, publicKey, privateKey, createdAt: new Date().toISOString() };
}

/** Reads a key backup made by {@link downloadCertificate}; refuses one whose private key does not give its public key. */
async function readBackup(file: File): Promise<StoredCertificate> {
  const data = JSON.parse(await file.text()) as Partial<StoredCertificate>;
  const { serial, publicKey, privateKey, createdAt } = data;
  if (typeof serial !== "string" || typeof publicKey !== "string" || typeof privateKey !== "string" || !/^[0-9a-fA-F]{1,64}$/.test(privateKey)) {
    throw new Error("not a key backup");
  }
  if (!sm2.comparePublicKeyHex(sm2.getPublicKeyFromPrivateKey(privateKey), publicKey)) throw new Error("the private key does not match the public key");
  return { serial, publicKey, privateKey, createdAt: createdAt ?? new Date().toISOString() };
}

/**
 * 数字证书: the SM2 key pair a bid is sealed to. DEMO STAND-IN for a CA USB key — generated in this
 * browser, private key in localStorage; only the public key goes to the platform.
 */
export function CertificateCard({
  username,
  serverPublicKey,
  serverSerial,
  onRegistered,
  demoText,
}: {
  username: string;
  /** The certificate the platform seals this bidder's share to (none registered yet: undefined). */
  serverPublicKey?: string;
  serverSerial?: string;
  onRegistered: () => void;
  /** What the key is for, when not for sealing bids (an expert signs the evaluation report with it). */
  demoText?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const local = wallet.certificate(username);
  const matches = local !== undefined && serverPublicKey !== undefined && local.publicKey.toLowerCase() === serverPublicKey.toLowerCase();

  const generate = async () => {
    setBusy(true);
    try {
      const certificate: StoredCertificate = generateCertificate(username);
      await api.post("/api/v1/auth/certificates", {
        serial: certificate.serial,
        publicKey: certificate.publicKey,
        subjectDn: `CN=${username},O=ggzy demo (browser stand-in for a CA USB key)`,
      });
      wallet.saveCertificate(username, certificate);
      message.success(t("tender.cert.registered", { serial: certificate.serial }));
      onRegistered();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const restore = async (file: File) => {
    try {
      const certificate = await readBackup(file);
      wallet.saveCertificate(username, certificate);
      message.success(t("tender.cert.imported", { serial: certificate.serial }));
      onRegistered();
    } catch {
      message.error(t("tender.cert.importFailed"));
    }
  };

  const importButton = (
    <Upload
      accept="application/json,.json"
      showUploadList={false}
      beforeUpload={(file) => {
        void restore(file);
        return false;
      }}
    >
      <Button icon={<ImportOutlined />}>{t("tender.cert.import")}</Button>
    </Upload>
  );

  return (
    <Card
      size="small"
      className="section-gap"
      title={
        <span>
          <SafetyCertificateOutlined /> {t("tender.cert.title")}
        </span>
      }
    >
      <Alert className="form-alert" type="warning" showIcon title={t("tender.cert.demoTitle")} description={demoText ?? t("tender.cert.demoText")} />
      {matches && local ? (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: "serial", label: t("tender.cert.serial"), children: <span className="mono">{local.serial}</span> },
              { key: "pk", label: t("tender.cert.publicKey"), children: <HashText value={local.publicKey} width={420} /> },
              { key: "state", label: t("common.status"), children: <span className="ok">{t("tender.cert.ready")}</span> },
            ]}
          />
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => downloadCertificate(username, local)}>
              {t("tender.cert.download")}
            </Button>
            <Button onClick={generate} loading={busy}>
              {t("tender.cert.renew")}
            </Button>
          </Space>
        </>
      ) : (
        <>
          {serverPublicKey && <Alert className="form-alert" type="error" showIcon title={t("tender.cert.mismatch", { serial: serverSerial ?? "" })} />}
          <Space>
            <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={generate} loading={busy}>
              {t("tender.cert.generate")}
            </Button>
            {serverPublicKey && importButton}
          </Space>
        </>
      )}
    </Card>
  );
}
