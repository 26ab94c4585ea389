import type { ThemeConfig } from "antd";

/** A sober government-service look: deep blue, small radii, CJK-first fonts. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#0b4ea2",
    colorInfo: "#0b4ea2",
    colorLink: "#0b4ea2",
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif',
    colorBgLayout: "#f2f4f7",
    colorPrimaryBg: "#e8f0fb",
    colorInfoBg: "#eef4fc",
    colorInfoBorder: "#bcd3f0",
  },
  components: {
    Layout: { headerBg: "#0b3f87", headerHeight: 56, headerPadding: "0 20px", siderBg: "#ffffff", footerBg: "transparent" },
    Menu: { itemHeight: 38, groupTitleFontSize: 12, itemSelectedBg: "#e8f0fb" },
    Card: { headerFontSize: 15 },
    Table: { headerBg: "#f5f7fa", cellPaddingBlock: 10 },
    Descriptions: { labelBg: "#f7f9fc" },
  },
};

/** Buttons on the blue header: white text, a faint white hover. */
export const headerTheme: ThemeConfig = {
  components: {
    Button: {
      textTextColor: "#fff",
      textTextHoverColor: "#fff",
      textTextActiveColor: "#fff",
      textHoverBg: "rgba(255, 255, 255, 0.12)",
      defaultGhostColor: "#fff",
      defaultGhostBorderColor: "rgba(255, 255, 255, 0.7)",
      defaultHoverColor: "#fff",
      defaultHoverBorderColor: "#fff",
      defaultHoverBg: "rgba(255, 255, 255, 0.12)",
      defaultActiveColor: "#fff",
      defaultActiveBorderColor: "#fff",
      defaultActiveBg: "rgba(255, 255, 255, 0.2)",
    },
  },
};
