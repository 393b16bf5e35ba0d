/**
 * When to POST our awareness state: on every local change (throttled) and as a heartbeat
 * at least every `heartbeatMs`, so the server never times us out.
 */
export class AwarenessSender {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sentAt = 0;
  private readonly heartbeat: ReturnType<typeof setInterval>;

  constructor(
    private readonly send: () => void,
    private readonly throttleMs = 50,
    heartbeatMs = 14_000,
  ) {
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.sentAt >= heartbeatMs) this.now();
    }, 2_000);
  }

  /** A local change: send within `throttleMs`. */
  schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.throttleMs - (Date.now() - this.sentAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.now();
    }, wait);
  }

  now(): void {
    this.sentAt = Date.now();
    this.send();
  }

  destroy(): void {
    clearInterval(this.heartbeat);
    if (this.timer !== null) clearTimeout(this.timer);
  }
}
