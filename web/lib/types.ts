// Domain types shared by the web client. API shapes are aliases of the types generated from the
// server's OpenAPI schema (`make gen`), so a server change that breaks the client fails typecheck.
import type { components } from "@/lib/api.gen";

type Schemas = components["schemas"];

/** Public (redacted) user as returned by every endpoint. */
export type User = Schemas["PublicUser"];
export type FieldError = Schemas["FieldError"];
/** JSON body of every 4xx/5xx response. */
export type ApiErrorBody = Omit<Schemas["ErrorBody"], "errors"> & { errors?: FieldError[] };

// ---- Auth ----------------------------------------------------------------

export type LoginInput = Schemas["LoginRequest"];
export type SignupInput = Schemas["SignupRequest"];

// ---- Presence ------------------------------------------------------------

export type PresenceResponse = Schemas["OnlineUsers"];

// ---- Live events (SSE) ---------------------------------------------------

/** Topic names: "presence", "feed", "poll:{id}", "workspace:{id}", "room:{id}". */
export type Topic = string;

export interface ReadyEventData {
  topic: null;
  topics: Topic[];
}

export interface UserOnlineEventData {
  topic: "presence";
  user: User;
}

export interface UserOfflineEventData {
  topic: "presence";
  user: User;
}

export interface ResyncEventData {
  /** Topic whose queries must be refetched; null = every topic. */
  topic: Topic | null;
  reason: string;
}

/**
 * Map of SSE event type -> JSON payload. Later domains extend this map
 * (e.g. `post_created`, `task_updated`, `message_created`) by adding entries.
 */
export interface LiveEventMap {
  ready: ReadyEventData;
  user_online: UserOnlineEventData;
  user_offline: UserOfflineEventData;
  resync: ResyncEventData;
}

export type LiveEventType = keyof LiveEventMap;

/** Discriminated union of all known live events. */
export type LiveEvent = {
  [K in LiveEventType]: { type: K; id: string; data: LiveEventMap[K] };
}[LiveEventType];

/** Minimum shape every SSE payload has. */
export interface LiveEventBase {
  topic: Topic | null;
}
