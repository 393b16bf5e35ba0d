/** What the sign-in and sign-up forms say about the server's refusals, in words people use. */

export const USERNAME_TAKEN = "That username is already taken. Try another one.";

/** "in 15 minutes", "in 40 seconds", "in 2 hours" (rounded up, so nobody is sent back too early). */
export function waitPhrase(seconds: number): string {
  if (seconds < 60) return `in ${Math.max(1, Math.ceil(seconds))} second${Math.ceil(seconds) === 1 ? "" : "s"}`;
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const hours = Math.ceil(seconds / 3600);
  return `in ${hours} hour${hours === 1 ? "" : "s"}`;
}

export function lockoutMessage(retryAfterSeconds: number | null): string {
  const when = retryAfterSeconds === null ? "later" : waitPhrase(retryAfterSeconds);
  return `Too many failed sign-ins for this account. For your security, try again ${when}.`;
}
