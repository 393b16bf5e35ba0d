"use client";

import Link from "next/link";

export default function NotFound() {
  return (
    <div className="full-page-loader">
      <p className="error-title">Page not found</p>
      <p className="muted">The page you&apos;re looking for doesn&apos;t exist.</p>
      <Link href="/feed" className="btn btn-primary">
        Go to Feed
      </Link>
    </div>
  );
}
