"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { AuthLayout, Field, FormError } from "@/components/AuthLayout";
import { Spinner } from "@/components/Spinner";
import { useToast } from "@/components/Toaster";
import { useLogin } from "@/lib/auth/hooks";
import { lockoutMessage } from "@/lib/auth/messages";
import { splitApiError, type FieldErrors } from "@/lib/formErrors";
import { useDocumentTitle } from "@/lib/useDocumentTitle";

const FIELDS = ["username", "password"] as const;
type LoginField = (typeof FIELDS)[number];

export default function LoginPage() {
  const router = useRouter();
  const toast = useToast();
  const login = useLogin();
  useDocumentTitle("Sign in");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<LoginField>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const local: FieldErrors<LoginField> = {};
    if (!username.trim()) local.username = "Enter your username.";
    if (!password) local.password = "Enter your password.";
    setFieldErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;

    login.mutate(
      { username: username.trim().toLowerCase(), password },
      {
        onSuccess: () => router.replace("/feed"),
        onError: (err) => {
          const split = splitApiError(err, FIELDS);
          setFieldErrors(split.fieldErrors);
          setFormError(
            err.status === 401
              ? "Incorrect username or password."
              : err.status === 429
                ? lockoutMessage(err.retryAfter)
                : split.formError,
          );
          if (split.unexpected) toast.error("Couldn't sign in", { description: err.detail });
        },
      },
    );
  }

  return (
    <AuthLayout
      title="Welcome back"
      subtitle="Sign in to your team's workspace."
      footer={
        <>
          New to Huddle? <Link href="/signup">Create an account</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate data-testid="login-form">
        <FormError message={formError} />
        <Field
          id="username"
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={fieldErrors.username}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? <Spinner size={14} label="Signing in" /> : null}
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
