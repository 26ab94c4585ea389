import { useQuery } from "@tanstack/react-query";
import { api } from "./client.ts";
import type { Department, Items, LatestTreeHead, Platform } from "./types.ts";

export function usePlatforms() {
  return useQuery({
    queryKey: ["platforms"],
    queryFn: () => api.get<Items<Platform>>("/api/v1/platforms").then((r) => r.items),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Code → name of a trading platform (codes are 6-digit division codes); `short` drops "公共资源交易平台" for tables. */
export function usePlatformNames(short = false): (code: string | null | undefined) => string {
  const { data } = usePlatforms();
  return (code) => {
    const name = code ? (data?.find((p) => p.code === code)?.name ?? code) : "—";
    return short ? name.replace(/公共资源交易平台$/, "") : name;
  };
}

/** Every supervisory department (行业监管部门). */
export function useDepartments() {
  return useQuery({
    queryKey: ["departments"],
    queryFn: () => api.get<Items<Department>>("/api/v1/departments").then((r) => r.items),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Code → name of a supervisory department. */
export function useDepartmentNames(): (code: string | null | undefined) => string {
  const { data } = useDepartments();
  return (code) => (code ? (data?.find((d) => d.code === code)?.name ?? code) : "—");
}

export function useTreeHead() {
  return useQuery({ queryKey: ["audit", "tree-head"], queryFn: () => api.get<LatestTreeHead>("/api/v1/audit/tree-head") });
}

/** Milliseconds to add to Date.now() for the server clock (every deadline runs on it). */
export function useServerOffset(options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ["server-time"],
    queryFn: async () => {
      const sent = Date.now();
      const { epochMs } = await api.get<{ epochMs: number }>("/api/v1/time");
      return epochMs - (sent + Date.now()) / 2;
    },
    staleTime: 10 * 60_000,
    refetchInterval: options.refetchInterval,
  });
}
