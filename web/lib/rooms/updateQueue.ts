/**
 * Ordered queue of local Yjs updates waiting for the server. Updates that arrive within
 * `batchMs` go out as one merged update; nothing is dropped until `send` says so
 * ("ok" = acknowledged, "retry" = keep and retry with backoff, "split" = send one at a
 * time, "stop" = the caller took over, e.g. reset the document and `clear()`ed the queue).
 */

import * as Y from "yjs";

export type SendResult = "ok" | "retry" | "split" | "stop";

export interface UpdateQueueOptions {
  send: (update: Uint8Array, count: number) => Promise<SendResult>;
  onChange: () => void;
  batchMs?: number;
  maxRetryMs?: number;
}

export class UpdateQueue {
  private pending: Uint8Array[] = [];
  private inflight = false;
  private splitNext = false;
  private generation = 0;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryDelay = 500;
  private stopped = false;
  /** The last attempt failed and a retry is scheduled. */
  failing = false;

  constructor(private readonly options: UpdateQueueOptions) {}

  get size(): number {
    return this.pending.length;
  }

  push(update: Uint8Array): void {
    this.pending.push(update);
    this.options.onChange();
    this.schedule(this.options.batchMs ?? 30);
  }

  /** Retry now (e.g. the connection is back). */
  kick(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryDelay = 500;
    this.schedule(0);
  }

  /** Forget everything (document replaced); a request in flight is ignored when it returns. */
  clear(): void {
    this.generation += 1;
    this.pending = [];
    this.inflight = this.splitNext = this.failing = false;
    this.clearTimers();
    this.retryDelay = 500;
  }

  stop(): void {
    this.stopped = true;
    this.clear();
  }

  private clearTimers(): void {
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.flushTimer = this.retryTimer = null;
  }

  private schedule(delay: number): void {
    if (this.flushTimer !== null || this.retryTimer !== null || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, delay);
  }

  private async flush(): Promise<void> {
    if (this.inflight || this.pending.length === 0 || this.stopped) return;
    const count = this.splitNext ? 1 : this.pending.length;
    const batch = this.pending.slice(0, count);
    const generation = this.generation;
    this.inflight = true;
    let result: SendResult;
    try {
      const first = batch[0];
      result = await this.options.send(batch.length === 1 && first ? first : Y.mergeUpdates(batch), count);
    } catch {
      result = "retry";
    }
    if (generation !== this.generation || result === "stop") return;
    this.inflight = false;
    if (result === "ok") {
      this.pending.splice(0, count);
      this.failing = this.splitNext = false;
      this.retryDelay = 500;
    } else if (result === "split") {
      this.splitNext = true;
    } else {
      this.failing = true;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.flush();
      }, this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryMs ?? 15_000);
    }
    this.options.onChange();
    if (this.pending.length) this.schedule(0);
  }
}
