import { Typography } from "antd";

/** A hex hash or signature: monospace, cut with an ellipsis (CSS, no measuring), copyable in full. */
export function HashText({ value, width = 260 }: { value: string | null | undefined; width?: number }) {
  if (!value) return <span>—</span>;
  return (
    <span className="hash">
      <span className="hash-value mono" style={{ maxWidth: width }} title={value}>
        {value}
      </span>
      <Typography.Text copyable={{ text: value }} />
    </span>
  );
}
