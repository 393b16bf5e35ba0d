"use client";

import { useState } from "react";

import { confirmAction } from "@/components/ConfirmHost";
import { ParticipantList } from "@/components/rooms/ParticipantList";
import { isApiError, toast } from "@/lib/BackendContext";
import { resetRoom } from "@/lib/rooms/api";
import { LANGUAGES, isRoomLanguage } from "@/lib/rooms/languages";
import type { Participant, RoomLanguage } from "@/lib/types";

export type ConnectionState = "live" | "connecting" | "offline";

const STATUS_LABEL: Record<ConnectionState, string> = {
  live: "Live",
  connecting: "Connecting…",
  offline: "Offline",
};

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Fallback for insecure origins / denied permission.
    const area = document.createElement("textarea");
    area.value = text;
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function RoomHeader({
  roomId,
  language,
  onLanguageChange,
  participants,
  meId,
  connection,
  saving,
}: {
  roomId: string;
  language: RoomLanguage;
  onLanguageChange: (language: RoomLanguage) => void;
  participants: Participant[];
  meId: string | undefined;
  connection: ConnectionState;
  saving: boolean;
}) {
  const [copied, setCopied] = useState(false);

  const clearDocument = async () => {
    const ok = await confirmAction({
      title: "Clear the document?",
      description: "The code is removed for everyone in this room.",
      confirmLabel: "Clear for everyone",
      danger: true,
    });
    if (!ok) return;
    try {
      await resetRoom(roomId);
    } catch (err) {
      toast.error("Couldn't clear the document", { description: isApiError(err) ? err.detail : undefined });
    }
  };

  const copyLink = async () => {
    const ok = await copyText(`${window.location.origin}/code/${roomId}`);
    if (!ok) {
      toast.error("Couldn't copy the link", { description: `Share this room id instead: ${roomId}` });
      return;
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <header className="room-header">
      <div className="room-header-main">
        <span className="room-label">Room</span>
        <code className="room-id" data-testid="room-id">
          {roomId}
        </code>
        <button type="button" className="btn btn-secondary btn-sm" data-testid="copy-link" onClick={() => void copyLink()}>
          {copied ? "Copied!" : "Copy link"}
        </button>
        <button type="button" className="btn btn-secondary btn-sm" data-testid="clear-document" onClick={() => void clearDocument()}>
          Clear
        </button>
        <select
          className="input room-language"
          data-testid="language-select"
          aria-label="Language"
          value={language}
          onChange={(e) => {
            if (isRoomLanguage(e.target.value)) onLanguageChange(e.target.value);
          }}
        >
          {LANGUAGES.map((l) => (
            <option key={l.id} value={l.id}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
      <div className="room-header-side">
        <ParticipantList participants={participants} meId={meId} />
        <span
          className={`room-status room-status-${connection}`}
          data-testid="connection-status"
          data-status={connection}
          role="status"
          title={saving ? "Saving changes…" : STATUS_LABEL[connection]}
        >
          <span className="room-status-dot" aria-hidden="true" />
          <span className="room-status-label">{STATUS_LABEL[connection]}</span>
        </span>
      </div>
    </header>
  );
}
