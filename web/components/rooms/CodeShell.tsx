"use client";

import Link from "next/link";
import type { ReactNode } from "react";

import { Logo } from "@/components/icons";
import { Sidebar } from "@/components/Sidebar";
import { FullPageLoader } from "@/components/Spinner";
import { useLoggedInUser } from "@/lib/BackendContext";

/**
 * Shell of the /code pages: the usual sidebar shell when logged in, otherwise a compact
 * header, so guests can open a shared room without an account (no redirect to /login).
 */
export function CodeShell({ children }: { children: ReactNode }) {
  const { user, isLoading } = useLoggedInUser();

  if (isLoading) return <FullPageLoader />;

  if (user) {
    return (
      <div className="app-shell">
        <Sidebar me={user} />
        <main className="app-main code-main" id="main">
          {children}
        </main>
      </div>
    );
  }

  return (
    <div className="guest-shell">
      <header className="guest-header">
        <Link href="/code" className="guest-brand">
          <Logo size={22} />
          <span>Huddle</span>
        </Link>
        <span className="muted guest-note">You&apos;re a guest</span>
        <Link href="/login" className="btn btn-secondary btn-sm">
          Sign in
        </Link>
      </header>
      <main className="guest-main code-main" id="main">
        {children}
      </main>
    </div>
  );
}
