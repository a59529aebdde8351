/**
 * Stripe's `expand[]`: replaces an id with the object it names, along dotted
 * paths (`latest_charge.payment_method`, `data.customer` inside lists).
 */
import { invalidRequest } from "./errors";
import type { SandboxState } from "./state";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Expands in place; `body` must be the caller's own copy. */
export function expandObject(body: object, paths: string[], state: SandboxState): void {
  for (const path of paths) walk(body, path.split("."), path, state);
}

function walk(node: unknown, segments: string[], path: string, state: SandboxState): void {
  const [head, ...rest] = segments;
  if (!isRecord(node) || head === undefined) return;
  if (node.object === "list" && head === "data" && Array.isArray(node.data)) {
    for (const item of node.data) walk(item, rest, path, state);
    return;
  }
  let value = node[head];
  if (typeof value === "string") {
    const found = state.find(value);
    if (!found) throw invalidRequest(`This property cannot be expanded (${head}).`, "expand");
    value = structuredClone(found);
    node[head] = value;
  } else if (!isRecord(value) && value !== null) {
    throw invalidRequest(`This property cannot be expanded (${path}).`, "expand");
  }
  if (rest.length > 0) walk(value, rest, path, state);
}
