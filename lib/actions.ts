import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import type { User } from "@/db/schema";
import { requireAdmin } from "@/lib/auth/admin";
import { requireUserForAction } from "@/lib/auth/session";
import { fieldErrors, submittedValues, toErrorState } from "@/lib/action-state";
import type { FormState } from "@/lib/form-state";
import { log, newRequestId, requestIdFrom, withLogContext } from "@/lib/log";
import { UNSTORABLE_TEXT_MESSAGE, isStorableText } from "@/lib/storable-text";

/**
 * A handler returns a FormState, or a richer state R that also carries data
 * (a created key, a purchase's outcome); returning nothing means `{ status: "ok" }`.
 */
type Handler<S extends z.ZodType, Ctx, R extends FormState> = (input: z.infer<S>, ctx: Ctx) => Promise<R | void>;

/** What `useActionState` calls: the previous state and the posted form, to the next state. */
export type Action<R extends FormState = FormState> = (prev: R | FormState, formData: FormData) => Promise<R | FormState>;

// An action is a public endpoint: a client can post any arguments, not only the form.
const NOT_A_FORM: FormState = { status: "error", message: "This form could not be read. Reload the page and try again." };

/** The first field whose text PostgreSQL could not store, as an error state. */
function unstorableField(formData: FormData): FormState | null {
  for (const [key, value] of formData) {
    if (typeof value === "string" && !isStorableText(value)) {
      const message = `This field ${UNSTORABLE_TEXT_MESSAGE}`;
      return { status: "error", message, fieldErrors: { [key]: message }, values: submittedValues(formData) };
    }
  }
  return null;
}

/**
 * The request id proxy.ts gave this action's POST, and Next.js's id of the
 * action. Outside a request (an action called in-process by a test) there
 * are no headers: a fresh id then.
 */
async function actionRequest(): Promise<{ requestId: string; actionId?: string }> {
  try {
    const h = await headers();
    return { requestId: requestIdFrom(h), actionId: h.get("next-action") ?? undefined };
  } catch {
    return { requestId: newRequestId() };
  }
}

function run<S extends z.ZodType, Ctx, R extends FormState>(schema: S, handler: Handler<S, Ctx, R>, context: () => Promise<Ctx>): Action<R> {
  return async (_prev, formData) => {
    const { requestId, actionId } = await actionRequest();
    return withLogContext({ requestId }, async () => {
      const started = performance.now();
      // What attempt() throws is Next.js's redirect() or notFound(); everything else became an error state.
      let outcome = "redirect";
      try {
        const state = await attempt();
        outcome = state.status;
        return state;
      } finally {
        // One line per action, like a route handler's access line (no form values: they may be passwords).
        log.info({ actionId, outcome, durationMs: Math.round((performance.now() - started) * 10) / 10 }, "server action");
      }
    });

    async function attempt(): Promise<R | FormState> {
      if (!(formData instanceof FormData)) return NOT_A_FORM;
      try {
        const ctx = await context();
        const unstorable = unstorableField(formData);
        if (unstorable) return unstorable;
        const parsed = schema.safeParse(Object.fromEntries(formData));
        if (!parsed.success) {
          const errors = fieldErrors(parsed.error);
          return {
            status: "error",
            message: Object.values(errors)[0] ?? "Check the form and try again.",
            fieldErrors: errors,
            values: submittedValues(formData),
          };
        }
        return (await handler(parsed.data, ctx)) ?? { status: "ok" };
      } catch (error) {
        return toErrorState(error, formData);
      }
    }
  };
}

/** An action for signed-in users: session → zod → handler. */
export function userAction<S extends z.ZodType, R extends FormState = FormState>(schema: S, handler: Handler<S, { user: User }, R>) {
  return run(schema, handler, async () => ({ user: await requireUserForAction() }));
}

/** An action open to signed-out visitors (sign-in, sign-up). */
export function publicAction<S extends z.ZodType, R extends FormState = FormState>(schema: S, handler: Handler<S, Record<string, never>, R>) {
  return run(schema, handler, async () => ({}));
}

/** An action of the support console: anyone but an admin gets a 404, as on its pages. */
export function adminAction<S extends z.ZodType, R extends FormState = FormState>(schema: S, handler: Handler<S, { admin: User }, R>) {
  return run(schema, handler, async () => ({ admin: await requireAdmin() }));
}
