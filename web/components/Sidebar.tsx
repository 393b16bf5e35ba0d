"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, type ComponentType, type SVGProps } from "react";

import "@/components/account.css";

import { Avatar } from "@/components/Avatar";
import { ConnectionStatus } from "@/components/ConnectionStatus";
import { FeedIcon, Logo, LogoutIcon, PeopleIcon, RoomsIcon, TasksIcon } from "@/components/icons";
import { OnlineList } from "@/components/OnlineList";
import { KeyboardShortcuts } from "@/components/shell/KeyboardShortcuts";
import { useToast } from "@/components/Toaster";
import { useLogout, useSessionSync } from "@/lib/auth/hooks";
import { usePresence } from "@/lib/presence/hooks";
import type { User } from "@/lib/types";

export const NAV: { href: string; label: string; testId: string; icon: ComponentType<SVGProps<SVGSVGElement>> }[] = [
  { href: "/feed", label: "Feed", testId: "nav-feed", icon: FeedIcon },
  { href: "/tasks", label: "Tasks", testId: "nav-tasks", icon: TasksIcon },
  { href: "/code", label: "Code rooms", testId: "nav-code-rooms", icon: RoomsIcon },
];

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The shell's navigation. On a laptop a sidebar; on a phone (CSS only) a compact top bar with the
 * connection state, the online list behind a button and the user, plus bottom tabs.
 */
export function Sidebar({ me }: { me: User }) {
  const pathname = usePathname() ?? "";
  const logout = useLogout();
  useSessionSync();
  const toast = useToast();
  const presence = usePresence();
  const [onlineOpen, setOnlineOpen] = useState(false);
  const onlineRef = useRef<HTMLDivElement>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => setOnlineOpen(false), [pathname]);

  useEffect(() => {
    if (!onlineOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOnlineOpen(false);
      toggleRef.current?.focus();
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!onlineRef.current?.contains(target) && !toggleRef.current?.contains(target)) setOnlineOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [onlineOpen]);

  const onlineCount = presence.data ? Math.max(1, presence.data.length) : null;

  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <Logo size={24} />
        <span className="sidebar-brand-name">Huddle</span>
        <ConnectionStatus />
      </div>

      <nav className="sidebar-nav" aria-label="Main">
        {NAV.map(({ href, label, testId, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={href}
              href={href}
              className={`nav-link${active ? " nav-link-active" : ""}`}
              aria-current={active ? "page" : undefined}
              data-testid={testId}
            >
              <Icon />
              <span>{label}</span>
            </Link>
          );
        })}
      </nav>

      <button
        ref={toggleRef}
        type="button"
        className="btn btn-ghost btn-sm online-toggle"
        data-testid="online-toggle"
        aria-expanded={onlineOpen}
        aria-controls="sidebar-online"
        aria-label={onlineCount === null ? "Who's online" : `Who's online: ${onlineCount}`}
        onClick={() => setOnlineOpen((open) => !open)}
      >
        <PeopleIcon />
        {onlineCount !== null ? <span aria-hidden="true">{onlineCount}</span> : null}
      </button>

      <div className="sidebar-scroll" id="sidebar-online" ref={onlineRef} data-open={onlineOpen}>
        <OnlineList me={me} />
      </div>

      <div className="sidebar-footer">
        <Link
          href="/account"
          className="current-user current-user-link"
          data-testid="current-user"
          title="Account: password and sessions"
        >
          <Avatar user={me} size={32} />
          <div className="current-user-text">
            <span className="current-user-name">{me.display_name || me.username}</span>
            <span className="current-user-handle">@{me.username}</span>
          </div>
        </Link>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          data-testid="logout-button"
          aria-label="Log out"
          title="Log out"
          disabled={logout.isPending}
          onClick={() =>
            logout.mutate(undefined, {
              onError: (err) => toast.error("Couldn't log out", { description: err.detail }),
            })
          }
        >
          <LogoutIcon />
          <span className="logout-label">Log out</span>
        </button>
      </div>
      <KeyboardShortcuts />
    </aside>
  );
}
