import { isApiError } from "@/lib/BackendContext";

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * Split an API error into per-field messages (for known fields) and a form-level message.
 * Returns `unexpected: true` for network/5xx errors (shown as a toast as well).
 */
export function splitApiError<F extends string>(
  err: unknown,
  fields: readonly F[],
): { fieldErrors: FieldErrors<F>; formError: string | null; unexpected: boolean } {
  if (!isApiError(err)) {
    return { fieldErrors: {}, formError: "Something went wrong. Please try again.", unexpected: true };
  }
  const fieldErrors: FieldErrors<F> = {};
  const leftovers: string[] = [];
  for (const e of err.errors) {
    // FastAPI-style locations may look like "body.username"; match on the last part.
    const name = e.field.split(".").pop() ?? e.field;
    const known = fields.find((f) => f === name);
    if (known && !fieldErrors[known]) fieldErrors[known] = e.message;
    else if (!known) leftovers.push(e.message);
  }
  let formError: string | null = null;
  if (err.status === 429) {
    formError = err.retryAfter
      ? `Too many attempts. Try again in ${err.retryAfter} second${err.retryAfter === 1 ? "" : "s"}.`
      : "Too many attempts. Please wait a moment and try again.";
  } else if (leftovers.length > 0) {
    formError = leftovers.join(" ");
  } else if (Object.keys(fieldErrors).length === 0) {
    formError = err.detail;
  }
  return { fieldErrors, formError, unexpected: err.status === 0 || err.status >= 500 };
}
