"use client";

/**
 * Backend access for the Huddle web client:
 *  - `backendFetch` / `ApiError`: JSON fetch against the same-origin API.
 *  - `BackendProvider`: the TanStack Query provider (one QueryClient per tab).
 *  - `useLoggedInUser`: the `/api/auth/me` query.
 *  - `subscribeSSE` / `useSSE`: one shared EventSource per tab, multiplexed
 *    over every topic the mounted components need.
 */

import {
  MutationCache,
  QueryCache,
  QueryClient,
  QueryClientProvider,
  useQuery,
  type QueryKey,
} from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore, type ReactNode } from "react";

import { authKeys } from "@/lib/auth/hooks";
import type {
  ApiErrorBody,
  FieldError,
  LiveEventBase,
  LiveEventMap,
  LiveEventType,
  Topic,
  User,
} from "@/lib/types";
import { ToastViewport, toast } from "@/components/Toaster";

// ---------------------------------------------------------------------------
// fetch
// ---------------------------------------------------------------------------

/** Optional absolute prefix for local development (e.g. "http://localhost:8000"). */
export const API_BASE: string = process.env.NEXT_PUBLIC_API_URL ?? "";

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds to wait, from the `Retry-After` header (429), else null. */
  readonly retryAfter: number | null;
  /** The parsed JSON error body (for endpoints that add fields, e.g. a 409 with the current state). */
  readonly body: unknown;

  constructor(
    status: number,
    detail: string,
    errors: FieldError[] = [],
    retryAfter: number | null = null,
    body: unknown = undefined,
  ) {
    super(detail);
    this.body = body;
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  /** Message for a given field from `errors[]`, if any. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

/** status 0 = network failure (server unreachable). */
export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

export interface BackendFetchInit extends Omit<RequestInit, "body"> {
  /** Serialised as JSON with `Content-Type: application/json`. */
  json?: unknown;
  body?: BodyInit | null;
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === "object" && value !== null && typeof (value as { detail?: unknown }).detail === "string";
}

function parseRetryAfter(header: string | null): number | null {
  if (!header) return null;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, Math.ceil(secs));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * JSON request to the API. Resolves with the parsed body (`undefined` for 204),
 * throws `ApiError` for non-2xx responses and network failures (status 0).
 */
export async function backendFetch<T>(path: string, init: BackendFetchInit = {}): Promise<T> {
  const { json, headers: initHeaders, ...rest } = init;
  const headers = new Headers(initHeaders);
  headers.set("Accept", "application/json");
  let body = rest.body;
  if (json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(json);
  }

  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, { credentials: "include", ...rest, headers, body });
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }

  const text = res.status === 204 ? "" : await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const detail = isErrorBody(data)
      ? data.detail
      : res.status >= 500
        ? "Something went wrong on our side. Please try again."
        : `Request failed (${res.status})`;
    const errors = isErrorBody(data) && Array.isArray(data.errors) ? data.errors : [];
    throw new ApiError(res.status, detail, errors, parseRetryAfter(res.headers.get("Retry-After")), data);
  }
  return data as T;
}

// ---------------------------------------------------------------------------
// QueryClient + provider
// ---------------------------------------------------------------------------

function makeQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (err, query) => {
        // Session expired while using the app: drop the user so the shell redirects to /login.
        if (isApiError(err) && err.status === 401 && query.queryKey[0] !== authKeys.all[0]) {
          client.setQueryData(authKeys.me(), null);
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (err, _vars, _ctx, mutation) => {
        if (isApiError(err) && err.status === 401 && mutation.options.mutationKey?.[0] !== authKeys.all[0]) {
          client.setQueryData(authKeys.me(), null);
        }
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failureCount, err) => {
          if (isApiError(err) && err.status >= 400 && err.status < 500) return false;
          return failureCount < 2;
        },
      },
      mutations: { retry: false },
    },
  });
  return client;
}

let browserQueryClient: QueryClient | undefined;

/** The tab's QueryClient (created on first use). */
export function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient(); // static prerender only
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

export function BackendProvider({ children }: { children: ReactNode }) {
  const client = getQueryClient();
  return (
    <QueryClientProvider client={client}>
      {children}
      <ToastViewport />
    </QueryClientProvider>
  );
}

// ---------------------------------------------------------------------------
// Current user
// ---------------------------------------------------------------------------

export async function fetchMe(): Promise<User | null> {
  try {
    return await backendFetch<User>("/api/auth/me");
  } catch (err) {
    if (isApiError(err) && err.status === 401) return null;
    throw err;
  }
}

export interface LoggedInUserState {
  /** null = not logged in (or not known yet while `isLoading`). */
  user: User | null;
  isLoading: boolean;
  error: ApiError | null;
  refetch: () => void;
}

export function useLoggedInUser(): LoggedInUserState {
  const q = useQuery({ queryKey: authKeys.me(), queryFn: fetchMe, staleTime: 5 * 60_000 });
  return {
    user: q.data ?? null,
    isLoading: q.isPending,
    error: isApiError(q.error) ? q.error : q.error ? new ApiError(0, q.error.message) : null,
    refetch: () => void q.refetch(),
  };
}

// ---------------------------------------------------------------------------
// Server-Sent Events: one EventSource per tab
// ---------------------------------------------------------------------------

/** Handler per event type. Extend `LiveEventMap` in lib/types.ts to add types. */
export type SSEHandlers = {
  [K in LiveEventType]?: (data: LiveEventMap[K], event: MessageEvent<string>) => void;
};

export interface SubscribeOptions {
  /** Query keys to invalidate on `resync` for one of this subscription's topics (or all). */
  resyncKeys?: readonly QueryKey[];
  /** Extra callback on `resync` for one of this subscription's topics (or all). */
  onResync?: (topic: Topic | null, reason: string) => void;
}

export type SSEStatus = "idle" | "connecting" | "open" | "reconnecting";

interface Subscription {
  topics: ReadonlySet<Topic>;
  handlers: SSEHandlers;
  options: SubscribeOptions;
}

const subscriptions = new Set<Subscription>();
let source: EventSource | null = null;
/** Topics the current EventSource was opened with (sorted, joined) */
let sourceKey = "";
/** Topics covered by the previous successful `ready` (to detect newly streamed topics). */
let readyTopics = new Set<Topic>();
let lastEventId: string | null = null;
let listenedTypes = new Set<string>();
let syncTimer: ReturnType<typeof setTimeout> | null = null;
let retryTimer: ReturnType<typeof setTimeout> | null = null;
let retryDelay = 1000;
let status: SSEStatus = "idle";
const statusListeners = new Set<() => void>();

function setStatus(next: SSEStatus): void {
  if (status === next) return;
  status = next;
  statusListeners.forEach((l) => l());
}

function topicUnion(): Topic[] {
  const all = new Set<Topic>();
  subscriptions.forEach((s) => s.topics.forEach((t) => all.add(t)));
  return [...all].sort();
}

function neededTypes(): Set<string> {
  const types = new Set<string>(["ready", "resync"]);
  subscriptions.forEach((s) => Object.keys(s.handlers).forEach((t) => types.add(t)));
  return types;
}

function matches(sub: Subscription, topic: Topic | null | undefined): boolean {
  return topic == null || sub.topics.has(topic);
}

function dispatch(type: string, event: MessageEvent<string>): void {
  if (event.lastEventId) lastEventId = event.lastEventId;
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    return;
  }
  if (typeof data !== "object" || data === null) return;
  const topic = (data as LiveEventBase).topic;

  if (type === "ready") {
    retryDelay = 1000;
    setStatus("open");
    const streamed = new Set((data as LiveEventMap["ready"]).topics);
    // Queries fetched before their topic was streamed may have missed events: refetch them once.
    const client = getQueryClient();
    subscriptions.forEach((sub) => {
      const isNew = [...sub.topics].some((t) => streamed.has(t) && !readyTopics.has(t));
      if (isNew) sub.options.resyncKeys?.forEach((key) => void client.invalidateQueries({ queryKey: key }));
    });
    readyTopics = streamed;
  }

  if (type === "resync") {
    const { reason } = data as LiveEventMap["resync"];
    const client = getQueryClient();
    subscriptions.forEach((sub) => {
      if (!matches(sub, topic)) return;
      sub.options.resyncKeys?.forEach((key) => void client.invalidateQueries({ queryKey: key }));
      sub.options.onResync?.(topic ?? null, reason);
    });
  }

  // Copy: handlers may unsubscribe while we iterate.
  [...subscriptions].forEach((sub) => {
    if (!matches(sub, topic)) return;
    const handler = sub.handlers[type as LiveEventType] as
      | ((d: unknown, e: MessageEvent<string>) => void)
      | undefined;
    handler?.(data, event);
  });
}

function listen(es: EventSource, type: string): void {
  es.addEventListener(type, (ev) => dispatch(type, ev as MessageEvent<string>));
}

function closeSource(): void {
  source?.close();
  source = null;
  sourceKey = "";
  listenedTypes = new Set();
}

function openSource(topics: Topic[]): void {
  closeSource();
  const params = new URLSearchParams();
  topics.forEach((t) => params.append("topic", t));
  if (lastEventId) params.set("last_event_id", lastEventId);
  const es = new EventSource(`${API_BASE}/api/events?${params.toString()}`, { withCredentials: true });
  source = es;
  sourceKey = topics.join("\n");
  setStatus("connecting");
  neededTypes().forEach((t) => {
    listen(es, t);
    listenedTypes.add(t);
  });
  es.onerror = () => {
    if (source !== es) return;
    if (es.readyState === EventSource.CLOSED) {
      // The browser gave up (e.g. 401/5xx on connect): retry ourselves with backoff.
      setStatus("reconnecting");
      closeSource();
      retryTimer = setTimeout(() => {
        retryTimer = null;
        scheduleSync(true);
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 30_000);
    } else {
      setStatus("reconnecting"); // built-in reconnect (sends Last-Event-ID)
    }
  };
}

/** Reconcile the EventSource with the current subscriptions (batched per tick). */
function scheduleSync(force = false): void {
  if (typeof window === "undefined" || typeof EventSource === "undefined") return;
  if (syncTimer !== null) clearTimeout(syncTimer);
  syncTimer = setTimeout(() => {
    syncTimer = null;
    const topics = topicUnion();
    if (topics.length === 0) {
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      closeSource();
      readyTopics = new Set();
      setStatus("idle");
      return;
    }
    if (retryTimer !== null && !force) return; // a backoff retry is pending
    const key = topics.join("\n");
    if (source && key === sourceKey) {
      // Same topics: only make sure every handler type has a listener.
      neededTypes().forEach((t) => {
        if (!listenedTypes.has(t) && source) {
          listen(source, t);
          listenedTypes.add(t);
        }
      });
      return;
    }
    openSource(topics);
  }, 0);
}

/**
 * Subscribe to live events on `topics`. Each handler receives the parsed JSON
 * `data` of events of its type whose `data.topic` is one of `topics`
 * (events with `topic: null`, like `ready`, go to every subscription).
 * Returns an unsubscribe function.
 */
export function subscribeSSE(
  topics: readonly Topic[],
  handlers: SSEHandlers,
  options: SubscribeOptions = {},
): () => void {
  const sub: Subscription = { topics: new Set(topics), handlers, options };
  subscriptions.add(sub);
  scheduleSync();
  return () => {
    if (subscriptions.delete(sub)) scheduleSync();
  };
}

/**
 * React hook around `subscribeSSE`. Re-subscribes only when the topic list or
 * the set of handled event types changes; handlers/options may be inline.
 */
export function useSSE(topics: readonly Topic[], handlers: SSEHandlers, options: SubscribeOptions = {}): void {
  const handlersRef = useRef(handlers);
  const optionsRef = useRef(options);
  useEffect(() => {
    handlersRef.current = handlers;
    optionsRef.current = options;
  });

  const topicsKey = [...topics].sort().join("\n");
  const typesKey = Object.keys(handlers).sort().join("\n");

  useEffect(() => {
    if (!topicsKey) return; // nothing to listen to (e.g. disabled query)
    const stable: SSEHandlers = {};
    for (const type of typesKey.split("\n").filter(Boolean) as LiveEventType[]) {
      const forward = (data: unknown, event: MessageEvent<string>) => {
        const h = handlersRef.current[type] as ((d: unknown, e: MessageEvent<string>) => void) | undefined;
        h?.(data, event);
      };
      (stable as Record<string, typeof forward>)[type] = forward;
    }
    return subscribeSSE(topicsKey.split("\n").filter(Boolean), stable, {
      get resyncKeys() {
        return optionsRef.current.resyncKeys;
      },
      onResync: (topic, reason) => optionsRef.current.onResync?.(topic, reason),
    });
  }, [topicsKey, typesKey]);
}

/** Connection status of the shared EventSource (for a "live" indicator). */
export function useSSEStatus(): SSEStatus {
  return useSyncExternalStore(
    (cb) => {
      statusListeners.add(cb);
      return () => statusListeners.delete(cb);
    },
    () => status,
    () => "idle",
  );
}

export { toast };
