/**
 * What must never reach a log line, in two forms: field names whose value is
 * censored wherever an object carries them (pino's `redact`), and text
 * patterns scrubbed out of messages and error texts, where a secret can hide
 * inside a sentence ("No such key: cr_…", a URL with a password).
 */

export const CENSOR = "[Redacted]";

// Field names seen in requests, headers, Stripe objects, forms and configuration.
const SECRET_FIELDS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  "set-cookie",
  "Set-Cookie",
  "x-api-key",
  "stripe-signature",
  "Stripe-Signature",
  "password",
  "confirmPassword",
  "currentPassword",
  "newPassword",
  "passwordHash",
  "password_hash",
  "apiKey",
  "api_key",
  "key",
  "secret",
  "secretKey",
  "webhookSecret",
  "authSecret",
  "AUTH_SECRET",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "AI_API_KEY",
  "DATABASE_URL",
  "databaseUrl",
  "client_secret",
  "clientSecret",
  "token",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "id_token",
  "sessionToken",
  "session_token",
  "cardNumber",
  "card_number",
  "cvc",
  "cvv",
  "exp",
  "exp_month",
  "exp_year",
];

// Names too common to censor everywhere, censored where they describe a card.
const CARD_FIELDS = ["card.number", "card.cvc", "card.exp_month", "card.exp_year"];

function segment(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `["${name}"]`;
}

/**
 * pino's redact paths match one depth each (`*.password` is one level down,
 * not any level), so every name is listed at the top and three levels below:
 * `{ err: { raw: { headers: { authorization } } } }` is as deep as our own
 * log calls go; deeper objects are not logged (errors go through serializeError).
 */
export function redactPaths(): string[] {
  const names = [...SECRET_FIELDS.map(segment), ...CARD_FIELDS.map((p) => p.split(".").map(segment).join(""))];
  const prefixes = ["", "*", "*.*", "*.*.*"];
  const paths: string[] = [];
  for (const prefix of prefixes) {
    for (const name of names) {
      const path = prefix + name;
      paths.push(path.startsWith(".") ? path.slice(1) : path);
    }
  }
  return paths;
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
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
    (match) => (luhn(match.replace(/[ -]/g, "")) ? `[Redacted card]` : match),
  ],
];

/** The text with every secret-shaped part replaced. */
export function scrubText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) {
    out = typeof replacement === "string" ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

/**
 * Every string inside a log object, scrubbed like a message: a secret may
 * sit under a harmless name (`{ detail: "Bearer …" }`). Objects deeper than a
 * log call's own fields are cut off rather than walked.
 */
export function scrubValues(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= 6) return "[Truncated]";
  if (Array.isArray(value)) return value.map((item) => scrubValues(item, depth + 1));
  // Class instances are left to their serializers: an Error to serializeError
  // (which keeps only safe fields, scrubbed), a Request to serializeRequest.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = scrubValues(item, depth + 1);
  return out;
}
