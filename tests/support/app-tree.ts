/**
 * What app/ exposes, read from the files themselves, so that tables of cases
 * (tests/isolation.test.ts, tests/hostile-input/) fail when something new
 * appears that they do not list.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "../..");

/** Dynamic route segments (`[id]`, `[...nextauth]`), as paths from the repository root. */
export function dynamicRouteDirs(dir = path.join(root, "app")): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const full = path.join(dir, entry.name);
    if (/^\[.+\]$/.test(entry.name)) found.push(path.relative(root, full));
    found.push(...dynamicRouteDirs(full));
  }
  return found;
}

/** Every export of every "use server" file under app/ and lib/ (where actions live), as `file#export`. */
export function serverActions(): string[] {
  return [...actionsUnder(path.join(root, "app")), ...actionsUnder(path.join(root, "lib"))];
}

function actionsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...actionsUnder(full));
    else if (/\.tsx?$/.test(entry.name)) {
      const text = readFileSync(full, "utf8");
      if (!/^\s*["']use server["']/.test(text)) continue;
      for (const m of text.matchAll(/^export (?:const|async function) (\w+)/gm)) found.push(`${path.relative(root, full)}#${m[1]}`);
    }
  }
  return found;
}

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * Every exported HTTP method of every route handler under app/, as
 * `file#METHOD`. Reads `export function GET`, `export const GET = …` and
 * `export const { GET, POST } = …` alike.
 */
export function routeHandlers(dir = path.join(root, "app")): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...routeHandlers(full));
    else if (/^route\.[jt]sx?$/.test(entry.name)) {
      const text = readFileSync(full, "utf8");
      const names = new Set<string>();
      for (const m of text.matchAll(/^export (?:async )?(?:function|const|let) (\w+)/gm)) names.add(m[1]!);
      for (const m of text.matchAll(/^export (?:const|let) \{([^}]*)\}/gm)) {
        for (const name of m[1]!.split(",")) names.add(name.trim().split(/\s*:\s*/).pop()!);
      }
      for (const m of text.matchAll(/^export \{([^}]*)\}/gm)) {
        for (const name of m[1]!.split(",")) names.add(name.trim().split(/\s+as\s+/).pop()!);
      }
      for (const name of names) if (HTTP_METHODS.includes(name)) found.push(`${path.relative(root, full)}#${name}`);
    }
  }
  return found.sort();
}

/**
 * Every page under app/ that reads its URL (`searchParams` or `params`), as
 * its route (`/admin/users/[id]`: route groups dropped).
 */
export function pagesReadingUrl(dir = path.join(root, "app")): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...pagesReadingUrl(full));
    else if (/^page\.tsx?$/.test(entry.name) && /\b(searchParams|params)\b/.test(readFileSync(full, "utf8"))) {
      const segments = path.relative(path.join(root, "app"), dir).split(path.sep);
      found.push("/" + segments.filter((s) => s && !/^\(.+\)$/.test(s)).join("/"));
    }
  }
  return found.sort();
}
