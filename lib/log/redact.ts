/**
 * What must never reach a log line, in two forms: field names whose value is
 * censored wherever an object carries them, and text patterns scrubbed out
 * of messages and error texts, where a secret can hide inside a sentence
 * ("No such key: cr_…", a URL with a password).
 */
import { passesLuhn } from "../luhn";
import { isErrorLike, serializeError } from "./serializers";

export const CENSOR = "[Redacted]";

// Field names (compared lowercased) seen in requests, headers, Stripe objects, forms and configuration.
const SECRET_FIELDS = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "stripe-signature",
  "password",
  "confirmpassword",
  "currentpassword",
  "newpassword",
  "passwordhash",
  "password_hash",
  "apikey",
  "api_key",
  "key",
  "secret",
  "secretkey",
  "webhooksecret",
  "authsecret",
  "auth_secret",
  "stripe_secret_key",
  "stripe_webhook_secret",
  "ai_api_key",
  "database_url",
  "databaseurl",
  "client_secret",
  "clientsecret",
  "token",
  "accesstoken",
  "access_token",
  "refreshtoken",
  "refresh_token",
  "id_token",
  "sessiontoken",
  "session_token",
  "cardnumber",
  "card_number",
  "cvc",
  "cvv",
  "exp",
  "exp_month",
  "exp_year",
]);

function isSecretField(key: string, parent: string | undefined): boolean {
  const name = key.toLowerCase();
  // "number" is too common a name to censor everywhere; a card's number is censored.
  return SECRET_FIELDS.has(name) || (parent === "card" && name === "number");
}

const TEXT_PATTERNS: [RegExp, string | ((match: string) => string)][] = [
  // API keys of lib/api-keys (`cr_` + 43 base64url characters); the 11-character prefix alone is not secret.
  [/\bcr_[A-Za-z0-9_-]{20,}/g, `cr_${CENSOR}`],
  // Stripe secret and restricted keys, webhook secrets, PaymentIntent/SetupIntent client secrets.
  [/\b(sk|rk)_(test|live)_[A-Za-z0-9]+/g, `sk_${CENSOR}`],
  [/\bwhsec_[A-Za-z0-9_-]+/g, `whsec_${CENSOR}`],
  [/_secret_[A-Za-z0-9]+/g, `_secret_${CENSOR}`],
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${CENSOR}`],
  // Credentials inside a URL (a DATABASE_URL in a connection error).
  [/:\/\/[^/\s:@]+:[^@\s/]+@/g, `://${CENSOR}@`],
  // Session, CSRF and callback cookies of Auth.js, however they are prefixed.
  [/((?:__Secure-|__Host-)?authjs\.[a-z-]+=)[^;\s"]+/g, `$1${CENSOR}`],
  // A CVC written as a field in text ("cvc": "123", card[cvc]=123); alone, three digits are just a number.
  [/\b(cvc|cvv|cvc2)(\]?["']?\s*[:=]\s*["']?)\d{3,4}\b/gi, `$1$2${CENSOR}`],
  // Card numbers, with or without spaces or dashes: 14 to 19 digits that pass the Luhn check.
  [
    /\b\d(?:[ -]?\d){13,18}\b/g,
    (match) => (passesLuhn(match.replace(/[ -]/g, "")) ? `[Redacted card]` : match),
  ],
];

/** The text with every secret-shaped part replaced. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) {
    // The same call twice: TypeScript picks String.replace's overload by the replacement's type.
    out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

/**
 * A log object with the value of every secret-named field censored, at any
 * depth, and every other string scrubbed like a message: a secret may sit
 * under a harmless name (`{ detail: "Bearer …" }`). Objects deeper than a
 * log call's own fields are cut off rather than walked.
 */
export function scrubValues(value: unknown, depth = 0, parent?: string): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= 6) return "[Truncated]";
  if (Array.isArray(value)) return value.map((item) => scrubValues(item, depth + 1, parent));
  // An error anywhere, not only under `err`: a Stripe error's enumerable fields hold its raw response.
  if (isErrorLike(value)) return serializeError(value);
  if (value instanceof Date) return value;
  // A URL may carry credentials (a DATABASE_URL); a Request is reduced by serializeRequest.
  if (value instanceof URL) return scrubText(value.href);
  if (value instanceof Request) return value;
  // Bytes (a Buffer, a body) are not walked byte by byte.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  // Any other object, class instances included, by its own enumerable fields.
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretField(key, parent) ? CENSOR : scrubValues(item, depth + 1, key.toLowerCase());
  }
  return out;
}
