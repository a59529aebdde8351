/**
 * Issue #12: user-supplied text is never rendered as HTML. React escapes
 * text; the ways around it are few and greppable. None may appear under app/
 * or components/ unless it is listed below with the reason it is safe
 * (e2e/hostile-text.spec.ts checks the rendered pages themselves).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./support/app-tree";

const RAW_HTML = /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write\(|\bsrcDoc\b/;

/** `file: reason` for each use that is safe, none so far. */
const allowed: Record<string, string> = {};

function sources(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sources(full));
    else if (/\.(tsx?|jsx?|mjs)$/.test(entry.name)) found.push(full);
  }
  return found;
}

describe("no raw HTML from strings", () => {
  const files = ["app", "components"].flatMap((d) => sources(path.join(root, d)));

  it("reads the source tree (a wrong path would make the check vacuous)", () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.endsWith(path.join("app", "layout.tsx")))).toBe(true);
  });

  it("no dangerouslySetInnerHTML, innerHTML, insertAdjacentHTML, document.write or srcDoc outside the allowed list", () => {
    const offending = files
      .filter((f) => RAW_HTML.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(root, f))
      .filter((f) => !(f in allowed));
    expect(offending).toEqual([]);
  });

  it("the pattern catches what it is meant to", () => {
    for (const sample of ['<div dangerouslySetInnerHTML={{ __html: x }} />', "el.innerHTML = text", "el.insertAdjacentHTML('beforeend', t)", "<iframe srcDoc={x} />"]) {
      expect(RAW_HTML.test(sample), sample).toBe(true);
    }
    expect(RAW_HTML.test("<p>{report.description}</p>")).toBe(false);
  });
});
