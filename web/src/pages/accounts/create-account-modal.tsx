import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Col, Form, Input, Row, Select } from "antd";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { usePlatforms } from "../../api/queries.ts";
import { type Department, type Items, ROLES, type Role, SUBJECT_ROLES, type SubjectSummary } from "../../api/types.ts";
import { FormModal } from "../../components/form-modal.tsx";
import { useI18n } from "../../i18n.ts";

interface NewAccount {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  platformCode: string;
  idCard?: string;
  personName?: string;
  phone?: string;
  subjectId?: number;
  departmentCode?: string;
}

/** Opens an account; the server checks separation of duties across the person's accounts. */
export function CreateAccountModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const platforms = usePlatforms();
  const [role, setRole] = useState<Role>();
  const [platformCode, setPlatformCode] = useState<string>();
  const [subjectQuery, setSubjectQuery] = useState("");
  const subjects = useQuery({
    queryKey: ["subjects", subjectQuery, "picker"],
    queryFn: () => api.get<Items<SubjectSummary>>("/api/v1/subjects", { q: subjectQuery, limit: 20 }).then((r) => r.items),
    enabled: open && role !== undefined && (SUBJECT_ROLES as readonly string[]).includes(role),
  });
  const departments = useQuery({
    queryKey: ["departments", platformCode],
    queryFn: () => api.get<Items<Department>>("/api/v1/departments", { platformCode }).then((r) => r.items),
    enabled: open && role === "supervisor" && platformCode !== undefined,
  });

  const create = async (v: NewAccount) => {
    const body = Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined && value !== ""));
    const account = await api.post<{ username: string }>("/api/v1/accounts", body);
    message.success(t("accounts.created", { name: account.username }));
    await queryClient.invalidateQueries({ queryKey: ["accounts"] });
  };

  return (
    <FormModal<NewAccount> name="account" title={t("accounts.create")} open={open} onClose={onClose} onSubmit={create} width={720}>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="username" label={t("account.username")} rules={[{ required: true, min: 3, max: 64, message: t("account.usernameRule") }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="password"
            label={t("account.password")}
            rules={[{ required: true, message: t("common.required") }]}
            extra={t("account.passwordRule")}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="displayName" label={t("account.displayName")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="role" label={t("account.role")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
            <Select onChange={(r: Role) => setRole(r)} options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="platformCode" label={t("account.platform")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
            <Select
              onChange={(c: string) => setPlatformCode(c)}
              options={(platforms.data ?? []).map((p) => ({ value: p.code, label: `${p.code} ${p.name}` }))}
            />
          </Form.Item>
        </Col>
        {role && (SUBJECT_ROLES as readonly string[]).includes(role) && (
          <Col span={24}>
            <Form.Item name="subjectId" label={t("account.subject")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
              <Select
                showSearch={{ filterOption: false, onSearch: setSubjectQuery }}
                loading={subjects.isFetching}
                options={(subjects.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.uscc}）` }))}
                placeholder={t("home.searchPlaceholder")}
              />
            </Form.Item>
          </Col>
        )}
        {role === "supervisor" && (
          <Col span={24}>
            <Form.Item name="departmentCode" label={t("account.department")} rules={[{ required: true, message: t("common.pleaseSelect") }]}>
              <Select options={(departments.data ?? []).map((d) => ({ value: d.code, label: d.name }))} notFoundContent={t("account.choosePlatformFirst")} />
            </Form.Item>
          </Col>
        )}
        <Col span={8}>
          <Form.Item name="personName" label={t("account.personName")}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="idCard" label={t("account.idCard")} extra={t("account.idCardSod")}>
            <Input maxLength={18} className="mono" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="phone" label={t("account.phone")}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
      </Row>
    </FormModal>
  );
}
