"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentType, SVGProps } from "react";

import "@/components/account.css";

import { Avatar } from "@/components/Avatar";
import { FeedIcon, Logo, LogoutIcon, RoomsIcon, TasksIcon } from "@/components/icons";
import { OnlineList } from "@/components/OnlineList";
import { useToast } from "@/components/Toaster";
import { useLogout } from "@/lib/auth/hooks";
import type { User } from "@/lib/types";

const NAV: { href: string; label: string; icon: ComponentType<SVGProps<SVGSVGElement>> }[] = [
  { href: "/feed", label: "Feed", icon: FeedIcon },
  { href: "/tasks", label: "Tasks", icon: TasksIcon },
  { href: "/code", label: "Rooms", icon: RoomsIcon },
];

function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar({ me }: { me: User }) {
  const pathname = usePathname() ?? "";
  const logout = useLogout();
  const toast = useToast();

  return (
    <aside className="sidebar">
      <div className="sidebar-brand">
        <Logo size={24} />
        <span className="sidebar-brand-name">Huddle</span>
      </div>

      <nav className="sidebar-nav" aria-label="Main">
        {NAV.map(({ href, label, icon: Icon }) => {
          const active = isActive(pathname, href);
          return (
            <Link
              key={href}
              href={href}
              className={`nav-link${active ? " nav-link-active" : ""}`}
              aria-current={active ? "page" : undefined}
              data-testid={`nav-${label.toLowerCase()}`}
            >
              <Icon />
              <span>{label}</span>
            </Link>
          );
        })}
      </nav>

      <div className="sidebar-scroll">
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
    </aside>
  );
}
