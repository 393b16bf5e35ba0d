"use client";

import "@/components/account.css";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Field, FormError } from "@/components/AuthLayout";
import { Spinner } from "@/components/Spinner";
import { useToast } from "@/components/Toaster";
import { useChangePassword, useLogoutEverywhere } from "@/lib/auth/hooks";
import { splitApiError, type FieldErrors } from "@/lib/formErrors";

const PASSWORD_FIELDS = ["current_password", "new_password", "confirm_password"] as const;
type PasswordField = (typeof PASSWORD_FIELDS)[number];
const MIN_PASSWORD_LENGTH = 8;

/** The /account page: change the password, sign out every device. (The user itself is loaded by AppShell.) */
export function AccountSettings() {
  return (
    <div className="page" data-testid="account-page">
      <header className="page-header">
        <h1 className="page-title">Account</h1>
        <p className="page-subtitle">Your password and where you are signed in.</p>
      </header>
      <ChangePasswordForm />
      <LogoutEverywhere />
    </div>
  );
}

function ChangePasswordForm() {
  const toast = useToast();
  const changePassword = useChangePassword();
  const [values, setValues] = useState<Record<PasswordField, string>>({
    current_password: "",
    new_password: "",
    confirm_password: "",
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<PasswordField>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (field: PasswordField) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const local: FieldErrors<PasswordField> = {};
    if (!values.current_password) local.current_password = "Enter your current password.";
    if (values.new_password.length < MIN_PASSWORD_LENGTH)
      local.new_password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
    if (values.confirm_password !== values.new_password) local.confirm_password = "The passwords don't match.";
    setFieldErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;

    changePassword.mutate(
      { current_password: values.current_password, new_password: values.new_password },
      {
        onSuccess: () => {
          setValues({ current_password: "", new_password: "", confirm_password: "" });
          toast.success("Password changed", { description: "Your other devices were signed out." });
        },
        onError: (err) => {
          const split = splitApiError(err, PASSWORD_FIELDS);
          setFieldErrors(split.fieldErrors);
          setFormError(split.formError);
          if (split.unexpected) toast.error("Couldn't change the password", { description: err.detail });
        },
      },
    );
  }

  return (
    <section className="account-section" aria-labelledby="password-heading">
      <h2 id="password-heading" className="account-section-title">
        Change password
      </h2>
      <p className="account-section-text">You stay signed in here; every other device is signed out.</p>
      <form className="account-form" onSubmit={onSubmit} noValidate data-testid="password-form">
        <FormError message={formError} />
        <Field
          id="current_password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={values.current_password}
          onChange={(e) => set("current_password")(e.target.value)}
          error={fieldErrors.current_password}
        />
        <Field
          id="new_password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          value={values.new_password}
          onChange={(e) => set("new_password")(e.target.value)}
          error={fieldErrors.new_password}
        />
        <Field
          id="confirm_password"
          label="Repeat the new password"
          type="password"
          autoComplete="new-password"
          value={values.confirm_password}
          onChange={(e) => set("confirm_password")(e.target.value)}
          error={fieldErrors.confirm_password}
        />
        <button type="submit" className="btn btn-primary" disabled={changePassword.isPending}>
          {changePassword.isPending ? <Spinner size={14} label="Changing the password" /> : null}
          {changePassword.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
    </section>
  );
}

function LogoutEverywhere() {
  const toast = useToast();
  const router = useRouter();
  const logoutEverywhere = useLogoutEverywhere();
  const [confirming, setConfirming] = useState(false);

  return (
    <section className="account-section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="account-section-title">
        Sessions
      </h2>
      <p className="account-section-text">
        Lost a device, or signed in on a shared computer? Sign out everywhere, this browser included.
      </p>
      {confirming ? (
        <div className="account-confirm" role="group" aria-label="Confirm signing out everywhere">
          <span>Sign out of every device now?</span>
          <button
            type="button"
            className="btn btn-primary"
            data-testid="logout-everywhere-confirm"
            disabled={logoutEverywhere.isPending}
            onClick={() =>
              logoutEverywhere.mutate(undefined, {
                onSuccess: () => router.replace("/login"),
                onError: (err) => {
                  setConfirming(false);
                  toast.error("Couldn't sign out everywhere", { description: err.detail });
                },
              })
            }
          >
            {logoutEverywhere.isPending ? <Spinner size={14} label="Signing out" /> : null}
            Yes, sign out everywhere
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            disabled={logoutEverywhere.isPending}
            onClick={() => setConfirming(false)}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="logout-everywhere"
          onClick={() => setConfirming(true)}
        >
          Log out everywhere
        </button>
      )}
    </section>
  );
}
