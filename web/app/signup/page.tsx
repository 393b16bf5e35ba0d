"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { AuthLayout, Field, FormError } from "@/components/AuthLayout";
import { Spinner } from "@/components/Spinner";
import { useToast } from "@/components/Toaster";
import { useSignup } from "@/lib/auth/hooks";
import { USERNAME_TAKEN } from "@/lib/auth/messages";
import { splitApiError, type FieldErrors } from "@/lib/formErrors";
import { useDocumentTitle } from "@/lib/useDocumentTitle";

const FIELDS = ["username", "display_name", "password"] as const;
type SignupField = (typeof FIELDS)[number];

const USERNAME_RE = /^[a-z0-9_]{3,32}$/;

function validate(username: string, password: string): FieldErrors<SignupField> {
  const errors: FieldErrors<SignupField> = {};
  if (!username) errors.username = "Choose a username.";
  else if (username.length < 3 || username.length > 32) errors.username = "Use 3 to 32 characters.";
  else if (!USERNAME_RE.test(username)) errors.username = "Use only lowercase letters, digits and underscores.";
  if (!password) errors.password = "Choose a password.";
  else if (password.length < 8) errors.password = "Use at least 8 characters.";
  return errors;
}

export default function SignupPage() {
  const router = useRouter();
  const toast = useToast();
  const signup = useSignup();
  useDocumentTitle("Create account");
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<SignupField>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const local = validate(username, password);
    setFieldErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;

    const name = displayName.trim();
    signup.mutate(
      { username, password, ...(name ? { display_name: name } : {}) },
      {
        onSuccess: () => router.replace("/feed"),
        onError: (err) => {
          const split = splitApiError(err, FIELDS);
          if (err.status === 409) {
            setFieldErrors({ ...split.fieldErrors, username: USERNAME_TAKEN });
            setFormError(null);
          } else {
            setFieldErrors(split.fieldErrors);
            setFormError(split.formError);
          }
          if (split.unexpected) toast.error("Couldn't create your account", { description: err.detail });
        },
      },
    );
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Join your team on Huddle."
      footer={
        <>
          Already have an account? <Link href="/login">Sign in</Link>
        </>
      }
    >
      <form className="auth-form" onSubmit={onSubmit} noValidate data-testid="signup-form">
        <FormError message={formError} />
        <Field
          id="username"
          label="Username"
          hint="3–32 characters: lowercase letters, digits, underscores."
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          maxLength={32}
          value={username}
          onChange={(e) => setUsername(e.target.value.toLowerCase())}
          error={fieldErrors.username}
        />
        <Field
          id="display_name"
          label="Display name (optional)"
          hint="How teammates see you. Defaults to your username."
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={fieldErrors.display_name}
        />
        <Field
          id="password"
          label="Password"
          type="password"
          hint="At least 8 characters."
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldErrors.password}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={signup.isPending}>
          {signup.isPending ? <Spinner size={14} label="Creating account" /> : null}
          {signup.isPending ? "Creating account…" : "Create account"}
        </button>
      </form>
    </AuthLayout>
  );
}
