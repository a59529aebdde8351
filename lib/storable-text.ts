/**
 * Text PostgreSQL cannot keep: a NUL character (text and jsonb refuse it,
 * SQLSTATE 22021 / 22P05) and a UTF-16 surrogate without its pair (jsonb
 * refuses the escape; as text it would silently become U+FFFD). Input that
 * carries either is refused where it enters, naming the field, instead of
 * failing later inside a query.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

export const UNSTORABLE_TEXT_MESSAGE = "contains a character that cannot be saved (a NUL byte or an unpaired surrogate).";

/**
 * The path (`metadata.note`, `messages.0.content`) of the first string, or
 * object key, in a parsed JSON value that cannot be stored; null when all can.
 * Walks with its own stack: a body may nest thousands of levels deep.
 */
export function unstorablePath(value: unknown): string | null {
  // Each entry links to its parent, so that the path is built only for the culprit.
  interface Step {
    value: unknown;
    key?: string;
    parent?: Step;
  }
  const pathOf = (step: Step | undefined, last?: string) => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let s = step; s?.key !== undefined; s = s.parent) keys.unshift(s.key);
    return keys.join(".") || "body";
  };
  const stack: Step[] = [{ value }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === "string") {
      if (!isStorableText(current)) return pathOf(step);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], key: String(i), parent: step });
    } else if (current && typeof current === "object") {
      const entries = Object.entries(current);
      for (const [key] of entries) if (!isStorableText(key)) return pathOf(step, key);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: step });
    }
  }
  return null;
}
