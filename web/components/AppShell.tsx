"use client";

import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";

import { Sidebar } from "@/components/Sidebar";
import { FullPageLoader } from "@/components/Spinner";
import { useLoggedInUser } from "@/lib/BackendContext";

/** Layout for logged-in pages: sidebar + main content. Redirects to /login when logged out. */
export function AppShell({ children }: { children: ReactNode }) {
  const { user, isLoading, error, refetch } = useLoggedInUser();
  const router = useRouter();

  useEffect(() => {
    if (!isLoading && !error && !user) router.replace("/login");
  }, [isLoading, error, user, router]);

  if (isLoading) return <FullPageLoader />;

  if (error && !user) {
    return (
      <div className="full-page-loader" role="alert">
        <p className="error-title">Can&apos;t reach Huddle</p>
        <p className="muted">{error.detail}</p>
        <button type="button" className="btn btn-primary" onClick={refetch}>
          Try again
        </button>
      </div>
    );
  }

  if (!user) return <FullPageLoader label="Redirecting to sign in…" />;

  return (
    <div className="app-shell">
      <Sidebar me={user} />
      <main className="app-main" id="main">
        {children}
      </main>
    </div>
  );
}
