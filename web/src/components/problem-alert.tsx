import { Alert } from "antd";
import { ApiError } from "../api/client.ts";

/** A failed request's server message (problem+json `detail`), or nothing. */
export function ProblemAlert({ error, className }: { error: unknown; className?: string }) {
  if (!error) return null;
  const text = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  return <Alert type="error" showIcon title={text} className={className} />;
}
