"use client";

import type { ReactNode } from "react";

import { ConfirmHost } from "@/components/ConfirmHost";
import { BackendProvider } from "@/lib/BackendContext";

import "./globals.css";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <title>Huddle</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content="Huddle — your team's real-time workspace" />
        <meta name="color-scheme" content="light" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </head>
      <body>
        <BackendProvider>
          {children}
          <ConfirmHost />
        </BackendProvider>
      </body>
    </html>
  );
}
