import { ApiError, isApiError } from "@/lib/BackendContext";
import { splitApiError, type FieldErrors } from "@/lib/formErrors";

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Inline messages per form field from an API error. Fields like "options[2]" count as "options";
 * anything else (and 429/5xx/network) becomes the form-level message.
 */
export function feedFormErrors<F extends string>(
  err: unknown,
  fields: readonly F[],
): { fieldErrors: FieldErrors<F>; formError: string | null } {
  if (!err) return { fieldErrors: {}, formError: null };
  const normalized = isApiError(err)
    ? new ApiError(
        err.status,
        err.detail,
        err.errors.map((e) => ({ field: e.field.split(/[.[]/)[0] ?? e.field, message: capitalize(e.message) })),
        err.retryAfter,
      )
    : err;
  const { fieldErrors, formError } = splitApiError(normalized, fields);
  return { fieldErrors, formError };
}
