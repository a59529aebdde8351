import "server-only";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { PASSWORD_MAX_BYTES, passwordRules } from "./password-rules";

// bcrypt's cost factor: slow enough to make guessing expensive, quick enough for a sign-in.
const ROUNDS = 11;

export const newPasswordSchema = z
  .string()
  .refine((p) => Buffer.byteLength(p, "utf8") <= PASSWORD_MAX_BYTES, "Use at most 72 characters.")
  .refine((p) => passwordRules.every((rule) => rule.test(p)), {
    message: "Use at least 10 characters, with a letter and a number or symbol.",
  });

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

// Compared against when the e-mail is unknown, so that an unknown e-mail takes
// as long to refuse as a wrong password and cannot be told apart by timing.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password-0", ROUNDS);

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  const ok = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return ok && Boolean(hash);
}
