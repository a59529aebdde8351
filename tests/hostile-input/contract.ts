/**
 * What a refused request must look like (DESIGN.md §5): a 4xx whose status
 * matches its code, and a JSON body `{ error: { code, message, param? } }`
 * with nothing else in it.
 */
import { errorStatus, type ErrorCode } from "@/lib/errors";

/** Why a response breaks the error contract, or null when it keeps it. */
export async function contractViolation(response: Response): Promise<string | null> {
  const text = await response.text();
  const said = `${response.status} ${text.slice(0, 300)}`;
  if (response.status < 400 || response.status > 499) return `not a 4xx: ${said}`;
  if (!/^application\/json/.test(response.headers.get("content-type") ?? "")) return `not JSON: ${said}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${said}`;
  }
  if (!body || typeof body !== "object" || Object.keys(body).join() !== "error") return `not { error }: ${said}`;
  const error = (body as { error: unknown }).error;
  if (!error || typeof error !== "object") return `error is not an object: ${said}`;
  const { code, message, param, ...rest } = error as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `unexpected fields ${Object.keys(rest).join(", ")}: ${said}`;
  if (typeof code !== "string" || !(code in errorStatus)) return `unknown code: ${said}`;
  if (typeof message !== "string" || message.length === 0) return `no message: ${said}`;
  if (param !== undefined && typeof param !== "string") return `param is not a string: ${said}`;
  const expected = errorStatus[code as ErrorCode];
  // invalid_request is 400 when malformed and 422 when well-formed but not
  // allowed; the screenshot upload answers bytes that are not an image with
  // 415, the status HTTP has for exactly that (tests/reports hold it).
  const allowed: number[] = code === "invalid_request" ? [400, 415, 422] : [expected];
  if (!allowed.includes(response.status)) return `status ${response.status} does not match code ${code}: ${said}`;
  return null;
}
