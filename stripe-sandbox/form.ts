/**
 * Decodes Stripe's form encoding (`application/x-www-form-urlencoded` with
 * bracketed keys, as stripe-node and Stripe.js send it) into nested values:
 * `card[exp_month]=12` → `{ card: { exp_month: "12" } }`, `expand[0]=x` → `{ expand: ["x"] }`.
 * Every leaf stays a string: the handlers decide what each parameter means,
 * the way Stripe reports "Invalid integer" for the parameter at fault.
 */
import { ApiError } from "./errors";

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

// Keys that would reach Object.prototype if used as plain property names.
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  const rest = key.slice(open);
  const pattern = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = pattern.exec(rest); m; m = pattern.exec(rest)) {
    if (m.index !== consumed) break;
    parts.push(m[1] ?? "");
    consumed = m.index + m[0].length;
  }
  // A malformed tail ("a[b]c") is kept as part of the last segment, like Rack does.
  if (consumed < rest.length) parts[parts.length - 1] += rest.slice(consumed);
  return parts;
}

function invalid(key: string): never {
  throw new ApiError(400, { type: "invalid_request_error", message: `Invalid parameter name: ${key}`, param: key });
}

export function parseForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    const path = splitKey(key);
    if (path.some((p) => FORBIDDEN.has(p))) invalid(key);
    let node: FormObject = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] === "" ? String(Object.keys(node).length) : (path[i] as string);
      if (i === path.length - 1) {
        node[seg] = value;
        break;
      }
      const next = node[seg];
      if (next === undefined || typeof next === "string") {
        const child: FormObject = {};
        node[seg] = child;
        node = child;
      } else if (Array.isArray(next)) {
        invalid(key);
      } else {
        node = next;
      }
    }
  }
  return arrayify(root) as FormObject;
}

/** Objects whose keys are exactly 0..n-1 become arrays (`a[0]=x&a[1]=y`). */
function arrayify(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const k of keys) value[k] = arrayify(value[k] as FormValue);
  const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
  return isList ? keys.map((k) => value[k] as FormValue) : value;
}

/** A canonical text of the parameters, for idempotency: key order must not matter. */
export function canonicalParams(encoded: string): string {
  return [...new URLSearchParams(encoded)]
    .filter(([k]) => k !== "key")
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join("&");
}
