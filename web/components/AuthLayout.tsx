"use client";

import { useRouter } from "next/navigation";
import { useEffect, type InputHTMLAttributes, type ReactNode } from "react";

import { Logo } from "@/components/icons";
import { FullPageLoader } from "@/components/Spinner";
import { useLoggedInUser } from "@/lib/BackendContext";

/** Centered card for /login and /signup. Redirects to /feed when already logged in. */
export function AuthLayout({ title, subtitle, children, footer }: {
  title: string;
  subtitle: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  const { user, isLoading } = useLoggedInUser();
  const router = useRouter();

  useEffect(() => {
    if (user) router.replace("/feed");
  }, [user, router]);

  if (isLoading) return <FullPageLoader />;
  if (user) return <FullPageLoader label="Opening your workspace…" />;

  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <Logo size={32} />
          <span className="auth-brand-name">Huddle</span>
        </div>
        <h1 className="auth-title">{title}</h1>
        <p className="auth-subtitle">{subtitle}</p>
        {children}
      </div>
      <p className="auth-footer">{footer}</p>
    </div>
  );
}

export function Field({
  id,
  label,
  hint,
  error,
  ...input
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  const describedBy = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className={`field${error ? " field-invalid" : ""}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        name={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error" data-testid={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid="form-error">
      {message}
    </div>
  );
}
