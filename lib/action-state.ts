import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { isDatabaseUnavailable, serviceUnavailable } from "@/lib/database-unavailable";
import { AppError } from "@/lib/errors";
import type { FormState } from "@/lib/form-state";
import { log } from "@/lib/log";

/**
 * How the action wrappers of lib/actions.ts turn what went wrong into the
 * `{ error }` state a form shows (DESIGN.md §6), with the submitted values so
 * that React's form reset does not lose the user's input.
 */

// Never sent back to the browser, even to refill a form.
const SECRET_FIELDS = new Set(["password", "confirmPassword", "currentPassword"]);

export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string" && !key.startsWith("$") && !SECRET_FIELDS.has(key)) values[key] = value;
  }
  return values;
}

export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export function toErrorState(thrown: unknown, formData: FormData): FormState {
  unstable_rethrow(thrown);
  // A database outage is not our bug and not the user's: say it is brief, keep the input.
  const unavailable = isDatabaseUnavailable(thrown);
  if (unavailable) log.warn({ err: thrown }, "database unavailable");
  const error = unavailable ? serviceUnavailable() : thrown;
  if (error instanceof AppError) {
    return {
      status: "error",
      message: error.message,
      code: error.code,
      fieldErrors: error.param ? { [error.param]: error.message } : undefined,
      values: submittedValues(formData),
    };
  }
  log.error({ err: error }, "server action failed");
  return {
    status: "error",
    message: "Something went wrong on our side. Please try again.",
    // As the API's 500 says it: the form cannot know whether the action took effect.
    code: "internal_error",
    values: submittedValues(formData),
  };
}
