/**
 * What every form action returns, for `useActionState`. `values` carries the
 * submitted fields back so that React's form reset does not lose the user's input.
 */
export type FormState =
  | { status: "idle" }
  | { status: "ok"; message?: string }
  | {
      status: "error";
      message: string;
      /** The AppError code behind it, when there is one (e.g. service_unavailable: retrying is safe). */
      code?: string;
      fieldErrors?: Record<string, string>;
      values?: Record<string, string>;
    };

export const idle: FormState = { status: "idle" };
