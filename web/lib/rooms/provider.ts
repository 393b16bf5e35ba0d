/**
 * HuddleRoomProvider: owns one room's Y.Doc + Awareness and syncs them over HTTP
 * (POST /updates, /awareness, /leave). Remote changes arrive on the SSE stream and are
 * fed in with `applyRemoteUpdate` / `applyRemoteAwareness` / `applyDocument`; everything
 * applied from the server uses the provider itself as the Yjs origin, so it is never echoed.
 * Framework-free: the caller supplies a `RoomTransport` and listens with `on()`.
 */

import { fromBase64, toBase64 } from "lib0/buffer";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";

import {
  ProviderEvents,
  absoluteIndex,
  epochOf,
  errorDetail,
  statusOf,
  userIdOf,
  type ProviderListener,
  type ProviderState,
  type RoomSnapshot,
  type RoomTransport,
  type RoomUser,
} from "@/lib/rooms/providerUtil";
import { AwarenessSender } from "@/lib/rooms/awarenessSender";
import { toCharOffset } from "@/lib/rooms/offsets";
import { UpdateQueue, type SendResult } from "@/lib/rooms/updateQueue";

export type { ProviderEvent, ProviderState, RoomSnapshot, RoomTransport, RoomUser } from "@/lib/rooms/providerUtil";

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export class HuddleRoomProvider {
  readonly roomId: string;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** Epoch of `doc` (opaque string): updates of other epochs are ignored. */
  epoch: string;

  private readonly transport: RoomTransport;
  private readonly events = new ProviderEvents();
  private readonly queue: UpdateQueue;
  private readonly user: RoomUser;
  private loaded = false;
  /** Epochs (other than ours) seen on live updates; each triggers one document check. */
  private readonly foreignEpochs = new Set<string>();
  private gone = false;
  private generation = 0;
  private readonly awarenessSender: AwarenessSender;
  private destroyed = false;

  constructor(roomId: string, transport: RoomTransport, init: { epoch: string; user: RoomUser }) {
    this.roomId = roomId;
    this.transport = transport;
    this.epoch = init.epoch;
    this.user = init.user;
    this.queue = new UpdateQueue({ send: (u, n) => this.sendUpdate(u, n), onChange: () => this.changed() });
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awarenessSender = new AwarenessSender(() => this.sendAwareness());
    this.attach();
  }

  /** The shared text of the current doc. */
  get text(): Y.Text {
    return this.doc.getText("code");
  }

  on(listener: ProviderListener): () => void {
    return this.events.on(listener);
  }

  getState(): ProviderState {
    return this.events.snapshot({
      loaded: this.loaded,
      gone: this.gone,
      pending: this.queue.size,
      failing: this.queue.failing,
      generation: this.generation,
    });
  }

  // ---- from the server -----------------------------------------------------

  /**
   * Apply a full snapshot (GET /document); idempotent. A different epoch means the room was
   * reset: the doc is replaced first (never merged), then checked once more with a reload,
   * since epochs have no order and this response may have raced a newer reset.
   */
  applyDocument(snapshot: RoomSnapshot): void {
    if (this.destroyed) return;
    const switched = snapshot.epoch !== this.epoch;
    if (switched) this.replaceDoc(snapshot.epoch);
    Y.applyUpdate(this.doc, fromBase64(snapshot.update), this);
    if (!this.loaded) {
      this.loaded = true;
      this.changed();
    }
    if (switched) this.events.emit({ type: "needDocument" });
  }

  /** A `doc_update` event. */
  applyRemoteUpdate(ev: { epoch: string; update: string; client_id: number }): void {
    if (this.destroyed || ev.client_id === this.doc.clientID) return;
    if (ev.epoch !== this.epoch) {
      // Missed a reset, or a late update of an old epoch: let the document decide, once per epoch.
      if (!this.foreignEpochs.has(ev.epoch)) {
        this.foreignEpochs.add(ev.epoch);
        this.events.emit({ type: "needDocument" });
      }
      return;
    }
    Y.applyUpdate(this.doc, fromBase64(ev.update), this);
  }

  /** An `awareness` event, or one entry of GET /awareness. */
  applyRemoteAwareness(update: string, clientId?: number): void {
    if (this.destroyed || clientId === this.doc.clientID) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, fromBase64(update), this);
    } catch {
      // malformed update: ignore
    }
  }

  /** `room_reset` (or a 409): discard the doc (never merge it) and wait for the document at `epoch`. */
  reset(epoch: string): void {
    if (this.destroyed || epoch === this.epoch) return; // old news: already on that epoch
    this.replaceDoc(epoch);
    this.events.emit({ type: "needDocument" });
  }

  /** Drop the awareness states of a participant who left. */
  removeParticipant(participantId: string): void {
    const clients: number[] = [];
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId !== this.doc.clientID && userIdOf(state) === participantId) clients.push(clientId);
    });
    if (clients.length) awarenessProtocol.removeAwarenessStates(this.awareness, clients, this);
  }

  // ---- to the server -------------------------------------------------------

  /** The connection is back: retry pending updates now and re-announce our awareness. */
  kick(): void {
    this.queue.kick();
    this.awarenessSender.now();
  }

  /** Tell the server this client is gone (works during page unload). */
  leave(): void {
    this.transport.beacon(`/api/rooms/${this.roomId}/leave`, { client_id: this.doc.clientID });
  }

  /** Plain character offsets of the local selection (from the y-codemirror cursor), counted as the
   * server and seed clients count them: in characters, not Yjs's UTF-16 units. */
  cursorOffsets(): { anchor: number; head: number } | null {
    const cursor: unknown = this.awareness.getLocalState()?.cursor;
    if (!cursor || typeof cursor !== "object") return null;
    const { anchor, head } = cursor as { anchor?: unknown; head?: unknown };
    const a = absoluteIndex(anchor, this.doc);
    const h = absoluteIndex(head, this.doc);
    if (a === null || h === null) return null;
    const text = this.text.toString();
    return { anchor: toCharOffset(text, a), head: toCharOffset(text, h) };
  }

  destroy(): void {
    this.destroyed = true;
    this.awarenessSender.destroy();
    this.queue.stop();
    this.detach();
    this.events.clear();
  }

  // ---- internals -----------------------------------------------------------

  private attach(): void {
    this.doc.on("update", this.onDocUpdate);
    this.awareness.on("update", this.onAwarenessUpdate);
    this.awareness.setLocalState({ user: this.user });
  }

  private detach(): void {
    this.doc.off("update", this.onDocUpdate);
    this.awareness.off("update", this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private replaceDoc(epoch: string): void {
    this.generation += 1;
    this.queue.clear();
    this.leave(); // the old clientID's cursor must not linger for everyone (us included)
    this.detach();
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.attach();
    this.epoch = epoch;
    this.loaded = false;
    this.events.emit({ type: "doc" });
    this.changed();
  }

  /** Fresh doc at the current epoch, filled by the next document load. */
  private reload(): void {
    this.replaceDoc(this.epoch);
    this.events.emit({ type: "needDocument" });
  }

  private changed(): void {
    this.events.emit({ type: "state" });
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.destroyed) return;
    this.queue.push(update);
  };

  private async sendUpdate(update: Uint8Array, count: number): Promise<SendResult> {
    if (this.gone || this.destroyed) return "stop";
    try {
      // client_id lets everyone (us included) recognise our own update when it comes back on the stream.
      await this.transport.send(`/api/rooms/${this.roomId}/updates`, {
        epoch: this.epoch,
        update: toBase64(update),
        client_id: this.doc.clientID,
      });
      return "ok";
    } catch (err) {
      const status = statusOf(err);
      if (status === 409) {
        // Reset meanwhile: these updates belong to the old document.
        const epoch = epochOf(err);
        if (epoch !== null && epoch !== this.epoch) this.reset(epoch);
        else this.reload();
        return "stop";
      }
      if (status === 404) {
        this.gone = true;
        this.changed();
        return "stop";
      }
      if (status === 413 && count > 1) return "split"; // the merged batch is too big
      if (status === 413 || status === 400 || status === 422) {
        // The server will never take this update: tell the user, reload the saved document.
        this.events.emit({ type: "error", status, message: errorDetail(err) });
        this.reload();
        return "stop";
      }
      return "retry"; // network, 5xx, 429...: keep it and retry with backoff
    }
  }

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    if (origin === this || this.destroyed) return;
    const me = this.doc.clientID;
    if (change.added.includes(me) || change.updated.includes(me) || change.removed.includes(me)) {
      this.awarenessSender.schedule();
    }
  };

  private sendAwareness(): void {
    if (this.destroyed || this.gone) return;
    const clientId = this.doc.clientID;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [clientId]);
    this.transport
      .send(`/api/rooms/${this.roomId}/awareness`, {
        client_id: clientId,
        update: toBase64(update),
        cursor: this.cursorOffsets(),
      })
      .catch(() => undefined); // best effort: the heartbeat resends it
  }
}
