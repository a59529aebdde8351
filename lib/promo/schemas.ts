import { z } from "zod";

/**
 * How a promo code is written: 3–32 letters, digits or hyphens. Users may type
 * it in any case and with spaces around it; it is stored and compared in
 * upper case, so codes are case-insensitive (the unique index is on that form).
 */
export const CODE_PATTERN = /^[A-Za-z0-9-]{3,32}$/;

export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

// One message for anything that is not a code we could have issued: it says no more than "unknown".
export const UNKNOWN_CODE = "That code isn't valid. Check it and try again.";

/** What a user types under "Have a code?". */
export const redeemSchema = z.object({
  code: z
    .string({ error: "Enter a promo code." })
    .trim()
    .min(1, "Enter a promo code.")
    .max(32, UNKNOWN_CODE)
    .regex(CODE_PATTERN, UNKNOWN_CODE)
    .transform(normaliseCode),
});

const whole = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `Enter ${label} as a whole number.` })
    .int(`Enter ${label} as a whole number.`)
    .min(min, `Enter ${label} from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`)
    .max(max, `Enter ${label} from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`);

/** Support's form at /admin/promo-codes. */
export const createCodeSchema = z.object({
  code: z
    .string({ error: "Enter a code." })
    .trim()
    .regex(CODE_PATTERN, "Use 3 to 32 letters, digits or hyphens.")
    .transform(normaliseCode),
  credits: whole("the credits", 1, 100_000),
  creditsValidDays: whole("the days", 1, 3650),
  maxRedemptions: whole("the number of uses", 1, 1_000_000),
  // A date (YYYY-MM-DD, UTC): the code works through the end of that day. Empty: it never expires.
  expiresOn: z
    .string()
    .trim()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, "Enter a date, or leave it empty.")
    .refine((s) => s === "" || !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "Enter a real date.")
    .default(""),
});

export type CreateCodeInput = z.infer<typeof createCodeSchema>;
