"use client";

import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { backendFetch, type ApiError } from "@/lib/BackendContext";
import type { LoginInput, PasswordChangeInput, SignupInput, User } from "@/lib/types";

/** Query/mutation keys of the auth domain. */
export const authKeys = {
  all: ["auth"] as const,
  me: () => [...authKeys.all, "me"] as const,
  login: () => [...authKeys.all, "login"] as const,
  signup: () => [...authKeys.all, "signup"] as const,
  logout: () => [...authKeys.all, "logout"] as const,
  logoutEverywhere: () => [...authKeys.all, "logoutEverywhere"] as const,
  changePassword: () => [...authKeys.all, "changePassword"] as const,
};

export function useLogin() {
  const qc = useQueryClient();
  return useMutation<User, ApiError, LoginInput>({
    mutationKey: authKeys.login(),
    mutationFn: (input) => backendFetch<User>("/api/auth/login", { method: "POST", json: input }),
    onSuccess: (user) => {
      qc.setQueryData(authKeys.me(), user);
    },
  });
}

export function useSignup() {
  const qc = useQueryClient();
  return useMutation<User, ApiError, SignupInput>({
    mutationKey: authKeys.signup(),
    mutationFn: (input) => backendFetch<User>("/api/auth/signup", { method: "POST", json: input }),
    onSuccess: (user) => {
      qc.setQueryData(authKeys.me(), user);
    },
  });
}

/** Other tabs of this browser share the session cookie: they hear about a logout here. */
const SESSION_CHANNEL = "huddle-session";

function forgetSession(qc: QueryClient): void {
  // Forget everything that belonged to the previous session.
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
  qc.setQueryData(authKeys.me(), null);
}

function announceLogout(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(SESSION_CHANNEL);
  channel.postMessage({ type: "logout" });
  channel.close();
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation<void, ApiError, void>({
    mutationKey: authKeys.logout(),
    mutationFn: () => backendFetch<void>("/api/auth/logout", { method: "POST" }),
    onSuccess: () => {
      forgetSession(qc);
      announceLogout();
    },
  });
}

/** Ends every session of the user, this one included (other devices are signed out within seconds). */
export function useLogoutEverywhere() {
  const qc = useQueryClient();
  return useMutation<void, ApiError, void>({
    mutationKey: authKeys.logoutEverywhere(),
    mutationFn: () => backendFetch<void>("/api/auth/logout-everywhere", { method: "POST" }),
    onSuccess: () => {
      forgetSession(qc);
      announceLogout();
    },
  });
}

/** Changes the password; the server ends the user's other sessions and keeps this one. */
export function useChangePassword() {
  return useMutation<void, ApiError, PasswordChangeInput>({
    mutationKey: authKeys.changePassword(),
    mutationFn: (input) => backendFetch<void>("/api/auth/password", { method: "POST", json: input }),
  });
}

/** A logout in another tab signs this one out too (the shell then goes to /login). */
export function useSessionSync(): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(SESSION_CHANNEL);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data as { type?: unknown } | null;
      if (data?.type === "logout") forgetSession(qc);
    };
    return () => channel.close();
  }, [qc]);
}
