import { randomBytes, randomInt } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text: Stripe's ids and secrets look like `pi_3Px…` (24 characters after the prefix). */
export function randomToken(length = 24): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** `pi_…_secret_…`: the id followed by a secret, as Stripe forms client secrets. */
export function clientSecret(id: string): string {
  return `${id}_secret_${randomToken(25)}`;
}

export function fingerprint(): string {
  return randomBytes(8).toString("base64url").slice(0, 16);
}
