import { Typography } from "antd";
import type { ReactNode } from "react";

/** The heading block every page starts with. */
export function PageTitle({ title, description, extra }: { title: ReactNode; description?: ReactNode; extra?: ReactNode }) {
  return (
    <div className="page-title">
      <div>
        <Typography.Title level={3}>{title}</Typography.Title>
        {description && <Typography.Text type="secondary">{description}</Typography.Text>}
      </div>
      {extra && <div className="page-title-extra">{extra}</div>}
    </div>
  );
}
