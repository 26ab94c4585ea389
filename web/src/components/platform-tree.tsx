import { Empty, Spin, Tag, Tree, type TreeDataNode } from "antd";
import { usePlatforms } from "../api/queries.ts";
import type { Platform } from "../api/types.ts";
import { useI18n } from "../i18n.ts";

const LEVEL_COLOR = { province: "red", city: "blue", county: "cyan" } as const;

/** Province → city → county trading platforms. */
export function PlatformTree() {
  const { t } = useI18n();
  const { data, isLoading } = usePlatforms();
  if (isLoading) return <Spin />;
  if (!data?.length) return <Empty />;
  const node = (p: Platform): TreeDataNode => ({
    key: p.code,
    title: (
      <span>
        <Tag color={LEVEL_COLOR[p.level]} className="level-tag">
          {t(`platform.level.${p.level}`)}
        </Tag>
        {p.name.replace(/公共资源交易平台$/, "")} <span className="muted mono">{p.code}</span>
      </span>
    ),
    children: data.filter((c) => c.parentCode === p.code).map(node),
  });
  const roots = data.filter((p) => p.parentCode === null || !data.some((q) => q.code === p.parentCode));
  return <Tree className="platform-tree" treeData={roots.map(node)} defaultExpandAll selectable={false} showLine blockNode />;
}
