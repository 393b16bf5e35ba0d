"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";

import { backendFetch, type ApiError } from "@/lib/BackendContext";
import type { LoginInput, SignupInput, User } from "@/lib/types";

/** Query/mutation keys of the auth domain. */
export const authKeys = {
  all: ["auth"] as const,
  me: () => [...authKeys.all, "me"] as const,
  login: () => [...authKeys.all, "login"] as const,
  signup: () => [...authKeys.all, "signup"] as const,
  logout: () => [...authKeys.all, "logout"] as const,
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

export function useLogout() {
  const qc = useQueryClient();
  return useMutation<void, ApiError, void>({
    mutationKey: authKeys.logout(),
    mutationFn: () => backendFetch<void>("/api/auth/logout", { method: "POST" }),
    onSuccess: () => {
      // Forget everything that belonged to the previous session.
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.all[0] });
      qc.setQueryData(authKeys.me(), null);
    },
  });
}
