"use client";

import { useEffect, useRef, useState } from "react";

/** Search input that reports its text 250 ms after typing stops. */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const onSearchRef = useRef(onSearch);
  const lastSent = useRef(value);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  // Follow outside changes (e.g. "Clear filters", back/forward).
  useEffect(() => {
    if (value !== lastSent.current) {
      lastSent.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === lastSent.current) return;
    const timer = setTimeout(() => {
      lastSent.current = text;
      onSearchRef.current(text);
    }, 250);
    return () => clearTimeout(timer);
  }, [text]);

  return (
    <div className="tt-search">
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" className="tt-search-icon">
        <circle cx="7" cy="7" r="4.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M10.5 10.5L14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <input
        type="search"
        className="input tt-search-input"
        placeholder="Search titles…"
        aria-label="Search tasks"
        data-testid="task-search"
        maxLength={100}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
    </div>
  );
}
