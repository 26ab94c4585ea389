import path from "node:path";

/** Runtime configuration, read once from the environment. */
export interface Config {
  /** PostgreSQL URL; when absent the platform runs on embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  /** Folder for the embedded database and the audit signing key. */
  dataDir: string;
  host: string;
  port: number;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Where the built web app lives (served at /). */
  webDist: string;
  logLevel: string;
  /** Reverse proxies whose X-Forwarded-For header is trusted (GGZY_TRUST_PROXY, comma-separated). */
  trustProxy: string[];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(import.meta.dirname, "../../../..");
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GGZY_DATA_DIR ?? path.join(root, "data")),
    host: env.HOST ?? "0.0.0.0",
    port: Number(env.PORT ?? 3000),
    bodyLimit: Number(env.GGZY_BODY_LIMIT ?? 1_048_576),
    webDist: path.join(root, "web", "dist"),
    logLevel: env.LOG_LEVEL ?? "info",
    trustProxy: (env.GGZY_TRUST_PROXY ?? "127.0.0.1,::1")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  };
}
