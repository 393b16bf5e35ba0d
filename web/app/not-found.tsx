"use client";

import Link from "next/link";

import { NotFound } from "@/components/NotFound";
import { useDocumentTitle } from "@/lib/useDocumentTitle";

export default function NotFoundPage() {
  useDocumentTitle("Page not found");
  return (
    <main className="not-found-page" id="main">
      <NotFound title="Page not found" description="Nothing lives at this address. The link may be mistyped or out of date.">
        <Link href="/feed" className="btn btn-primary">
          Go to Feed
        </Link>
        <Link href="/tasks" className="btn btn-secondary">
          Tasks
        </Link>
      </NotFound>
    </main>
  );
}
