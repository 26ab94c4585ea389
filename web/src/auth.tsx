import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { api, setSessionLostHandler, tokenStore } from "./api/client.ts";
import type { Account, LoginResult, Role } from "./api/types.ts";

export interface AuthState {
  user: Account | null;
  /** False until a stored token has been checked with the server. */
  ready: boolean;
  login: (username: string, password: string) => Promise<Account>;
  logout: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [user, setUser] = useState<Account | null>(null);
  const [ready, setReady] = useState(() => tokenStore.get() === null);

  useEffect(() => {
    setSessionLostHandler(() => {
      setUser(null);
      queryClient.clear();
    });
    if (!tokenStore.get()) return;
    api
      .get<Account>("/api/v1/auth/me")
      .then(setUser)
      .catch(() => tokenStore.clear())
      .finally(() => setReady(true));
  }, [queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      const result = await api.post<LoginResult>("/api/v1/auth/login", { username, password });
      tokenStore.set(result.token);
      queryClient.clear();
      setUser(result.user);
      return result.user;
    },
    [queryClient],
  );

  /** Ends the session and reloads the portal, so nothing of the signed-in state survives in memory. */
  const logout = useCallback(async () => {
    // The session ends locally even when the server cannot be told (offline, token already revoked).
    await api.post("/api/v1/auth/logout").catch(() => undefined);
    tokenStore.clear();
    window.location.assign("/");
  }, []);

  const value = useMemo<AuthState>(
    () => ({ user, ready, login, logout, hasRole: (...roles) => user !== null && roles.includes(user.role) }),
    [user, ready, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
