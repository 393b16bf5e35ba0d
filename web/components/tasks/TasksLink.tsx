"use client";

import type { AnchorHTMLAttributes, MouseEvent } from "react";

import { navigate } from "@/lib/tasks/nav";

/** A link to another /tasks URL, followed client-side (modified clicks open a new tab as usual). */
export function TasksLink({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...rest} />;
}
