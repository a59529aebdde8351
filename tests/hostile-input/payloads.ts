/**
 * The hostile values of issue #12, named so that a failing case says which
 * one broke it. Strings go where text or ids belong, numbers where amounts
 * belong, shapes where scalars belong.
 */

/** Text an attacker or a clumsy client sends: injection, size, Unicode edge cases. */
export const hostileText: Record<string, string> = {
  "SQL quote": "' OR 1=1 --",
  "SQL statement": '"; drop table entries; --',
  "script tag": "<script>alert(1)</script>",
  "img onerror": '<img src=x onerror="alert(1)">',
  "100k characters": "x".repeat(100_001),
  "NUL byte": "a\u0000b",
  "lone high surrogate": "a\ud800b",
  "lone low surrogate": "\udc00",
  "RTL override": "\u202Etxt.exe",
  "zero-width": "a\u200b\u200d\ufeffb",
  "combining marks": "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357",
  emoji: "👩🏽‍💻🔥",
  "non-NFC": "e\u0301",
  "path traversal": "../../etc/passwd",
  "encoded NUL": "%00",
  "control characters": "\u0001\u001b[31m\u007f",
};

/** Numbers and number-like strings that are not a sensible amount or id. */
export const hostileNumbers: Record<string, unknown> = {
  negative: -1,
  zero: 0,
  "negative zero": -0,
  fraction: 0.5,
  "2^53+1": 2 ** 53 + 1,
  "1e308": 1e308,
  '"Infinity"': "Infinity",
  '"NaN"': "NaN",
  '"0x10"': "0x10",
  '"1e309"': "1e309",
  "beyond int8": "99999999999999999999999",
  '" 5 "': " 5 ",
};

/** Shapes where a scalar belongs. */
export const hostileShapes: Record<string, unknown> = {
  null: null,
  "empty array": [],
  array: ["chat"],
  object: { $gt: "" },
  "nested object": { toString: "x", valueOf: 1 },
  true: true,
};

/** The same values as form fields: what a hand-made POST to a server action can carry. */
export const hostileFormValues: Record<string, string> = {
  ...hostileText,
  ...Object.fromEntries(Object.entries(hostileNumbers).map(([name, v]) => [name, String(v)])),
  "JSON array": '["x"]',
  "JSON object": '{"$gt":""}',
  empty: "",
  "only spaces": "   ",
};

/** Ids in a URL path segment, as a router would hand them over (decoded). */
export const hostilePathIds: Record<string, string> = {
  "path traversal": "../../etc/passwd",
  "encoded traversal": "..%2F..%2Fetc",
  NUL: "hold_\u0000aaaaaaaaaa",
  "encoded NUL": "%00",
  "huge int": "99999999999999999999999999999",
  "non-numeric": "abc",
  "SQL quote": "' OR 1=1 --",
  "10k characters": "a".repeat(10_000),
  empty: "",
  "lone surrogate": "\ud800",
  "script tag": "<script>alert(1)</script>",
};

/** Query-string values for filters, limits and cursors. */
export const hostileQueryValues: Record<string, string> = {
  ...hostileFormValues,
  "bad date": "2026-13-45T25:61:00Z",
  "date without zone": "2026-01-01T00:00:00",
  "year 0": "0000-01-01T00:00:00Z",
  "huge offset": "2026-01-01T00:00:00+99:99",
};

/** Hostile text PostgreSQL cannot store: refused wherever it is sent. */
export const unstorable = new Set(["NUL byte", "lone high surrogate", "lone low surrogate"]);

/**
 * A value for a query string. A lone surrogate has no UTF-8 form (and
 * encodeURIComponent throws on it): it is sent as the bytes a careless
 * client would produce (WTF-8), which the server must cope with.
 */
export function queryValue(value: string): string {
  let out = "";
  for (const char of value) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}
