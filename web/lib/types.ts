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
export type PasswordChangeInput = Schemas["PasswordChange"];

// ---- Presence ------------------------------------------------------------

export type PresenceResponse = Schemas["OnlineUsers"];

// ---- Feed (posts and polls) -----------------------------------------------

export type Post = Schemas["Post"];
export type Poll = Schemas["Poll"];
export type PollOption = Schemas["PollOption"];
export type FeedItem = Post | Poll;
export type FeedPage = Schemas["FeedPage"];
export type PollResults = Schemas["PollResults"];
export type OptionVotes = Schemas["OptionVotes"];
export type PostCreate = Schemas["PostCreate"];
export type PollCreate = Schemas["PollCreate"];
export type VoteRequest = Schemas["VoteRequest"];
export type ResultsVisibility = Poll["results_visibility"];

// ---- Tasks (workspaces, tasks, fields) -----------------------------------

export type Workspace = Schemas["Workspace"];
export type WorkspaceCreate = Schemas["WorkspaceCreate"];
export type Member = Schemas["Member"];
export type Invite = Schemas["Invite"];
export type FieldDefinition = Schemas["FieldDefinition"];
export type FieldType = FieldDefinition["type"];
export type CustomFieldCreate = Schemas["CustomFieldCreate"];
export type CustomFieldRename = Schemas["CustomFieldRename"];
export type Task = Schemas["Task"];
export type TaskPage = Schemas["TaskPage"];
export type TaskCreate = Schemas["TaskCreate"];
export type TaskPatch = Schemas["TaskPatch"];
export type TaskConflict = Schemas["TaskConflict"];
export type ActivityEntry = Schemas["ActivityEntry"];
export type ActivityChange = Schemas["Change"];

// ---- Code rooms (collaborative editor) ------------------------------------

export type Room = Schemas["Room"];
export type RoomLanguage = Room["language"];
export type Participant = Schemas["Participant"];
export type RoomJoin = Schemas["RoomJoined"];
/** `POST /rooms` (seed path, no /api prefix). */
export type RoomCreated = Schemas["RoomCreated"];
/** `GET /api/rooms/{id}/document`: base64 of the whole Yjs state at `epoch` (an opaque string). */
export type RoomDocument = Schemas["DocumentState"];

export interface DocUpdateEventData {
  topic: Topic;
  epoch: string;
  update: string;
  client_id: number;
}

export interface RoomResetEventData {
  topic: Topic;
  epoch: string;
}

export interface RoomUpdatedEventData {
  topic: Topic;
  room: Room;
}

export interface AwarenessEventData {
  topic: Topic;
  client_id: number;
  update: string;
}

export interface ParticipantEventData {
  topic: Topic;
  participant: Participant;
}

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

/** `item_created` on the `feed` topic (also the echo of your own post/poll). */
export interface ItemCreatedEventData {
  topic: "feed";
  item: FeedItem;
}

/** `item_deleted` on the `feed` topic. */
export interface ItemDeletedEventData {
  topic: "feed";
  id: string;
  type: FeedItem["type"];
}

/** `poll_counts` / `poll_closed` on `poll:{id}`: absolute counts at `version` (`my_vote` is always []). */
export type PollResultsEventData = PollResults & { topic: Topic };

/** `poll_deleted` on `poll:{id}`. */
export interface PollDeletedEventData {
  topic: Topic;
  poll_id: string;
}

/** `task_created` / `task_updated` / `task_deleted` on `workspace:{id}`: the full task at its version. */
export interface TaskEventData {
  /** The event's name again (seed 002's clients read it off plain messages). */
  type: "task_created" | "task_updated" | "task_deleted";
  topic: Topic;
  task: Task;
}

/** `member_joined` on `workspace:{id}`. */
export interface MemberJoinedEventData {
  topic: Topic;
  member: Member;
}

/** `fields_updated` on `workspace:{id}`: refetch the field definitions. */
export interface FieldsUpdatedEventData {
  topic: Topic;
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
  item_created: ItemCreatedEventData;
  item_deleted: ItemDeletedEventData;
  poll_counts: PollResultsEventData;
  poll_closed: PollResultsEventData;
  poll_deleted: PollDeletedEventData;
  task_created: TaskEventData;
  task_updated: TaskEventData;
  task_deleted: TaskEventData;
  member_joined: MemberJoinedEventData;
  fields_updated: FieldsUpdatedEventData;
  doc_update: DocUpdateEventData;
  room_reset: RoomResetEventData;
  room_updated: RoomUpdatedEventData;
  awareness: AwarenessEventData;
  user_joined: ParticipantEventData;
  user_left: ParticipantEventData;
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
