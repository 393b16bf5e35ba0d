"use client";

import { useState } from "react";

import { Spinner } from "@/components/Spinner";
import { useInvite, useRotateInvite } from "@/lib/tasks/hooks";
import { joinPath } from "@/lib/tasks/nav";

/** The workspace's invite code and join link, with copy buttons (owners can make a new code). */
export function InvitePanel({ workspaceId, isOwner }: { workspaceId: string; isOwner: boolean }) {
  const invite = useInvite(workspaceId);
  const rotate = useRotateInvite(workspaceId);
  const [copied, setCopied] = useState<"code" | "link" | null>(null);

  if (invite.isPending) return <Spinner label="Loading the invite" />;
  if (invite.isError) return <p className="field-error">{invite.error.detail}</p>;

  const link = `${window.location.origin}${joinPath(invite.data.code)}`;
  const copy = (what: "code" | "link", text: string) => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(what),
      () => setCopied(null),
    );
    setTimeout(() => setCopied(null), 1500);
  };

  return (
    <div className="tt-invite">
      <p className="muted tt-popover-text">Anyone with this code or link can join the workspace.</p>
      <div className="tt-invite-row">
        <code className="tt-invite-code" data-testid="invite-code">
          {invite.data.code}
        </code>
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => copy("code", invite.data.code)}>
          {copied === "code" ? "Copied" : "Copy code"}
        </button>
      </div>
      <div className="tt-invite-row">
        <input className="input tt-invite-link" readOnly value={link} aria-label="Invite link" data-testid="invite-link" onFocus={(e) => e.target.select()} />
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => copy("link", link)}>
          {copied === "link" ? "Copied" : "Copy link"}
        </button>
      </div>
      {isOwner ? (
        <button type="button" className="btn btn-ghost btn-sm" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
          {rotate.isPending ? "Creating…" : "New code (the old one stops working)"}
        </button>
      ) : null}
    </div>
  );
}
