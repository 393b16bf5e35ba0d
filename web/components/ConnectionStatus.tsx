"use client";

import { useEffect, useState } from "react";

import { useSSEStatus, type SSEStatus } from "@/lib/BackendContext";

export type ConnectionState = "live" | "connecting" | "offline";

/**
 * What the shell shows about the tab's live stream. Re-opening the stream for new topics (a page
 * change) passes through "connecting" for a few milliseconds: not worth a flicker. So only a lost
 * connection shows, until a stream is open again (a retry after a lost one passes through
 * "connecting" too), and "connecting" only before the first stream of the tab opened.
 */
export function connectionState(status: SSEStatus, lost: boolean, hasBeenOpen: boolean, browserOnline: boolean): ConnectionState {
  if (!browserOnline || lost || status === "reconnecting") return "offline";
  if (status === "connecting" && !hasBeenOpen) return "connecting";
  return "live";
}

export function useConnectionState(): ConnectionState {
  const status = useSSEStatus();
  const [hasBeenOpen, setHasBeenOpen] = useState(false);
  const [lost, setLost] = useState(false);
  const [browserOnline, setBrowserOnline] = useState(true);
  useEffect(() => {
    if (status === "open") {
      setHasBeenOpen(true);
      setLost(false);
    } else if (status === "reconnecting") {
      setLost(true);
    }
  }, [status]);
  useEffect(() => {
    const update = () => setBrowserOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return connectionState(status, lost, hasBeenOpen, browserOnline);
}

const LABEL: Record<ConnectionState, string> = {
  live: "Live",
  connecting: "Connecting…",
  offline: "Offline",
};

const DESCRIPTION: Record<ConnectionState, string> = {
  live: "Updates arrive as they happen.",
  connecting: "Connecting to Huddle…",
  offline: "Connection lost. Reconnecting; what you missed will load when it is back.",
};

/** One indicator of the live connection, in the shell of every page. */
export function ConnectionStatus() {
  const state = useConnectionState();
  return (
    <span
      className={`conn conn-${state}`}
      data-testid="connection-status"
      data-state={state}
      role="status"
      title={DESCRIPTION[state]}
    >
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-label">{LABEL[state]}</span>
      <span className="sr-only">. {DESCRIPTION[state]}</span>
    </span>
  );
}
