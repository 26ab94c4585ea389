import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Checkbox, Empty, Form, Input, List, Skeleton, Space, Tag } from "antd";
import { useState } from "react";
import { ApiError, api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/problem-alert.tsx";
import { useI18n } from "../../i18n.ts";
import { formatDateTime } from "../../lib/format.ts";

export interface Question {
  id: number;
  content: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
  clarification: { id: number; content: string | null; publishedAt: string | null; bidDeadline: string | null } | null;
  /** Only in a bidder's view: the question is its own. */
  mine?: boolean;
  /** Only for the supervising department and the inspectors. */
  asker?: { uscc: string; name: string; username: string } | null;
}

export interface QuestionList {
  /** Last civil day (Beijing) on which questions are accepted, for the current bid deadline. */
  latestDay: string | null;
  open: boolean;
  items: Question[];
}

/**
 * - bidder: ask (while questions are open) and read the answers and its own questions; `readOnly` shows the answers only.
 * - owner: the tenderer or its agency answers; an answer that changes the documents is published as a clarification first.
 * - oversight: the centre, the supervisor and the inspector read along (the last two see who asked).
 */
export type QaMode = "bidder" | "owner" | "oversight";

/** 答疑: anonymous questions about the tender documents and their answers. */
export function QaPanel({
  sectionId,
  mode,
  readOnly = false,
  canAnswer = true,
}: {
  sectionId: number;
  mode: QaMode;
  readOnly?: boolean;
  /** Owner mode: answers are given before the bid deadline only. */
  canAnswer?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ content: string }>();
  const [asking, setAsking] = useState(false);
  const questions = useQuery({
    queryKey: ["tender-questions", sectionId, mode],
    retry: false,
    queryFn: () => api.get<QuestionList>(`/api/v1/sections/${sectionId}/questions`),
  });

  const ask = async ({ content }: { content: string }) => {
    setAsking(true);
    try {
      await api.post(`/api/v1/sections/${sectionId}/questions`, { content });
      form.resetFields();
      message.success(t("tender.qa.asked"));
      await questions.refetch();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setAsking(false);
    }
  };

  if (questions.error instanceof ApiError && questions.error.code === "NOT_REGISTERED") return <span className="muted">{t("tender.qa.registerFirst")}</span>;
  if (questions.error) return <ProblemAlert error={questions.error} />;
  if (!questions.data) return <Skeleton active />;
  const data = questions.data;
  const items = readOnly ? data.items.filter((q) => q.answer !== null) : data.items;

  return (
    <div className="qa-panel">
      {data.latestDay && (
        <div className="muted">{data.open ? t("tender.qa.openUntil", { day: data.latestDay }) : t("tender.qa.closed", { day: data.latestDay })}</div>
      )}
      {mode === "bidder" && !readOnly && data.open && (
        <Form form={form} name={`qa-${sectionId}`} layout="vertical" onFinish={ask} className="section-gap">
          <Form.Item
            name="content"
            label={t("tender.qa.question")}
            extra={t("tender.qa.anonymous")}
            rules={[{ required: true, whitespace: true, message: t("common.required") }]}
          >
            <Input.TextArea rows={3} maxLength={5000} showCount />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={asking}>
            {t("tender.qa.ask")}
          </Button>
        </Form>
      )}
      {items.length === 0 ? (
        <Empty className="section-gap" description={t("tender.qa.none")} />
      ) : (
        <List<Question>
          className="section-gap qa-list"
          itemLayout="vertical"
          dataSource={items}
          renderItem={(q) => (
            <List.Item key={q.id}>
              <QuestionView question={q} />
              {mode === "owner" && canAnswer && q.answer === null && (
                <AnswerForm sectionId={sectionId} question={q} onAnswered={() => void questions.refetch()} />
              )}
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

function QuestionView({ question: q }: { question: Question }) {
  const { t } = useI18n();
  return (
    <>
      <div>
        <Space size={4} wrap>
          <strong>{t("tender.qa.q", { id: q.id })}</strong>
          {q.mine && <Tag color="blue">{t("tender.qa.mine")}</Tag>}
          {q.answer === null ? <Tag>{t("tender.qa.unanswered")}</Tag> : <Tag color="green">{t("tender.qa.answered")}</Tag>}
          <span className="muted">{formatDateTime(q.askedAt)}</span>
          {q.asker && (
            <span className="muted">
              · {t("tender.qa.asker")}：{q.asker.name} <span className="mono">{q.asker.uscc}</span>（{q.asker.username}）
            </span>
          )}
        </Space>
      </div>
      <div className="qa-question">{q.content}</div>
      {q.answer !== null && (
        <div className="qa-answer section-gap">
          <strong>{t("tender.qa.answer")}</strong>
          {q.answeredAt && <span className="muted"> {formatDateTime(q.answeredAt)}</span>}
          <div>{q.answer}</div>
          {q.clarification && (
            <Alert
              className="section-gap"
              type="info"
              showIcon
              title={t("tender.qa.clarification", { id: q.clarification.id })}
              description={
                <>
                  <div>{q.clarification.content}</div>
                  {q.clarification.bidDeadline && (
                    <div className="muted">{t("tender.qa.deadlineNow", { time: formatDateTime(q.clarification.bidDeadline) })}</div>
                  )}
                </>
              }
            />
          )}
        </div>
      )}
    </>
  );
}

/**
 * The tenderer's answer. "Changes the documents" publishes the answer as a clarification through the
 * existing clarification endpoint (which moves the deadline when less than 15 days are left) and links it.
 */
function AnswerForm({ sectionId, question, onAnswered }: { sectionId: number; question: Question; onAnswered: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ answer: string; changes: boolean }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ answer, changes }: { answer: string; changes: boolean }) => {
    setBusy(true);
    try {
      let clarificationId: number | undefined;
      if (changes) {
        const clarified = await api.post<{ clarificationId: number; previousDeadline: string; bidDeadline: string }>(
          `/api/v1/sections/${sectionId}/clarifications`,
          { content: answer, affectsPreparation: true },
        );
        clarificationId = clarified.clarificationId;
        if (clarified.bidDeadline !== clarified.previousDeadline)
          message.warning(t("tender.qa.deadlineMoved", { time: formatDateTime(clarified.bidDeadline) }));
      }
      await api.post(`/api/v1/questions/${question.id}/answer`, { answer, ...(clarificationId ? { clarificationId } : {}) });
      message.success(t("tender.qa.answerSent"));
      onAnswered();
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} name={`qa-answer-${question.id}`} layout="vertical" onFinish={submit} initialValues={{ changes: false }} className="section-gap">
      <Form.Item name="answer" label={t("tender.qa.answer")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
        <Input.TextArea rows={3} maxLength={20000} />
      </Form.Item>
      <Form.Item name="changes" valuePropName="checked" extra={t("tender.qa.changesExtra")}>
        <Checkbox>{t("tender.qa.changes")}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy}>
        {t("tender.qa.send")}
      </Button>
    </Form>
  );
}
