"use client";

import { useEffect } from "react";

import { readStored, writeStored } from "@/lib/shell/storage";

/**
 * Keeps the shell's scroll position (`#main`) of a page across navigations in this tab: saved when
 * the page unmounts, restored once its content is tall enough again (the list comes from the query
 * cache, but renders over a few frames). Gives up after `timeoutMs` or when the user scrolls.
 */
export function useKeptScroll(key: string, timeoutMs = 2000): void {
  useEffect(() => {
    const main = document.getElementById("main");
    if (!main) return;
    const saved = Number(readStored("session", key) ?? 0);
    let frame = 0;
    let userScrolled = false;
    // Read on every scroll: by the time an unmount cleanup runs, the next page may own #main.
    let position = saved;
    const track = () => (position = main.scrollTop);
    main.addEventListener("scroll", track, { passive: true });
    const stopOnUser = () => (userScrolled = true);
    main.addEventListener("wheel", stopOnUser, { passive: true });
    main.addEventListener("touchstart", stopOnUser, { passive: true });
    main.addEventListener("keydown", stopOnUser);
    if (saved > 0) {
      const until = Date.now() + timeoutMs;
      const restore = () => {
        if (userScrolled) return;
        main.scrollTop = saved;
        if (Math.abs(main.scrollTop - saved) > 2 && Date.now() < until) frame = requestAnimationFrame(restore);
      };
      restore();
    }
    return () => {
      cancelAnimationFrame(frame);
      main.removeEventListener("wheel", stopOnUser);
      main.removeEventListener("touchstart", stopOnUser);
      main.removeEventListener("keydown", stopOnUser);
      main.removeEventListener("scroll", track);
      writeStored("session", key, String(Math.round(position)));
    };
  }, [key, timeoutMs]);
}
