import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { UNSTORABLE_TEXT_MESSAGE, unstorablePath } from "@/lib/storable-text";

const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body of at most 64 KB (413 beyond), refusing anything that is
 * not JSON (400) and text that PostgreSQL cannot store (422, naming the field).
 */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new AppError("invalid_request", "Send the body as JSON with Content-Type: application/json.", {
      param: "Content-Type",
    });
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw tooLarge();

  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "The body is not valid JSON.");
  }
  const unstorable = unstorablePath(body);
  if (unstorable !== null) failWith(422, `${unstorable} ${UNSTORABLE_TEXT_MESSAGE}`, unstorable);
  return body;
}

function tooLarge() {
  return new AppError("payload_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
}

/**
 * Validates input with zod. A malformed request (wrong types, missing or
 * unknown fields) is 400; well-formed values that are not allowed (out of
 * range, unknown feature) are 422. Either way `param` names the field.
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  // A fraction where a whole number belongs, or a number too large for JSON
  // (1e309 parses as Infinity), is a well-formed value that is not allowed.
  const notAllowedNumber =
    issue.code === "invalid_type" && (issue.expected === "int" || typeof valueAt(input, issue.path) === "number");
  const missing = issue.path.length > 0 && valueAt(input, issue.path) === undefined;
  const malformed =
    missing || (issue.code === "invalid_type" && !notAllowedNumber) || issue.code === "unrecognized_keys";
  const param = issue.code === "unrecognized_keys" ? issue.keys[0] : issue.path.map(String).join(".");
  return failWith(malformed ? 400 : 422, issue.message, param || undefined);
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function failWith(status: number, message: string, param?: string): never {
  throw new AppError("invalid_request", message, { status, param });
}

const idempotencyKeySchema = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/);

/** The `Idempotency-Key` header that every retriable write must carry. */
export function idempotencyKey(request: Request): string {
  const key = request.headers.get("idempotency-key");
  if (key === null) failWith(400, "The Idempotency-Key header is required for this request.", "Idempotency-Key");
  if (!idempotencyKeySchema.safeParse(key).success) {
    failWith(400, "Idempotency-Key must be 1 to 255 printable ASCII characters.", "Idempotency-Key");
  }
  return key;
}

/** A stable hash of what a request asks for, to tell a replay from another request under the same key. */
export function requestHash(operation: string, body: unknown): string {
  return createHash("sha256").update(operation).update("\0").update(canonicalJson(body)).digest("hex");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
