/**
 * Typed reading of form parameters with Stripe's validation errors. Like
 * Stripe, a parameter the endpoint does not know is refused (`done()`), which
 * catches typos in the app's calls instead of silently ignoring them.
 */
import { invalidParam } from "./errors";
import type { FormObject, FormValue } from "./form";

export class Params {
  private readonly used = new Set<string>();
  private readonly children: Params[] = [];

  constructor(
    private readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  private take(key: string): FormValue | undefined {
    this.used.add(key);
    return this.raw[key];
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Whether the value is a hash (`created[gte]=…`) rather than a plain value (`created=…`). */
  isHash(key: string): boolean {
    const v = this.raw[key];
    return v !== undefined && typeof v !== "string" && !Array.isArray(v);
  }

  /** Marks parameters as accepted without reading them (e.g. options that change nothing here). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** An empty value (`key=`) means "unset" in Stripe's encoding; it comes back as null. */
  nullableString(key: string): string | null | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw invalidParam(`Invalid string: ${this.name(key)}`, this.name(key));
    return v === "" ? null : v;
  }

  string(key: string, options: { max?: number } = {}): string | undefined {
    const v = this.nullableString(key);
    if (v === null) return undefined;
    if (v !== undefined && options.max !== undefined && v.length > options.max) {
      throw invalidParam(`Invalid string: ${v.slice(0, 20)}...; must be at most ${options.max} characters`, this.name(key));
    }
    return v;
  }

  requiredString(key: string): string {
    const v = this.string(key);
    if (v === undefined) throw invalidParam(`Missing required param: ${this.name(key)}.`, this.name(key), "parameter_missing");
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    const found = values.find((x) => x === v);
    if (found === undefined) {
      throw invalidParam(`Invalid ${this.name(key)}: must be one of ${values.join(", ")}`, this.name(key));
    }
    return found;
  }

  int(key: string, options: { min?: number; max?: number } = {}): number | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) throw invalidParam(`Invalid integer: ${v}`, this.name(key), "parameter_invalid_integer");
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw invalidParam(`Invalid integer: ${v}`, this.name(key), "parameter_invalid_integer");
    if (options.min !== undefined && n < options.min) {
      throw invalidParam(`This value must be greater than or equal to ${options.min}.`, this.name(key));
    }
    if (options.max !== undefined && n > options.max) {
      throw invalidParam(`This value must be less than or equal to ${options.max}.`, this.name(key));
    }
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.string(key);
    if (v === undefined) return undefined;
    if (v === "true") return true;
    if (v === "false") return false;
    throw invalidParam(`Invalid boolean: ${v}`, this.name(key));
  }

  object(key: string): Params | undefined {
    const v = this.take(key);
    if (v === undefined || v === "") return undefined;
    if (typeof v === "string" || Array.isArray(v)) throw invalidParam(`Invalid hash`, this.name(key), "parameter_invalid_empty");
    const child = new Params(v, this.name(key));
    this.children.push(child);
    return child;
  }

  /** An array of hashes (`items[0][price]=…`), each read as its own Params. */
  objects(key: string): Params[] | undefined {
    const v = this.take(key);
    if (v === undefined || v === "") return undefined;
    const list = Array.isArray(v) ? v : typeof v === "object" ? Object.values(v) : undefined;
    if (!list || list.some((x) => typeof x !== "object" || Array.isArray(x))) throw invalidParam(`Invalid array`, this.name(key));
    return list.map((item, i) => {
      const child = new Params(item as FormObject, `${this.name(key)}[${i}]`);
      this.children.push(child);
      return child;
    });
  }

  strings(key: string): string[] | undefined {
    const v = this.take(key);
    if (v === undefined || v === "") return undefined;
    const list = Array.isArray(v) ? v : typeof v === "string" ? [v] : undefined;
    if (!list || list.some((x) => typeof x !== "string")) throw invalidParam(`Invalid array`, this.name(key));
    return list as string[];
  }

  /**
   * Stripe's metadata semantics: `metadata=` clears all keys (null here),
   * `metadata[k]=` removes one key (an empty string here), anything else sets it.
   */
  metadata(key = "metadata"): Record<string, string> | null | undefined {
    const v = this.take(key);
    if (v === undefined) return undefined;
    if (v === "") return null;
    if (typeof v === "string" || Array.isArray(v)) throw invalidParam(`Invalid hash`, this.name(key));
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(v)) {
      if (typeof value !== "string") throw invalidParam(`Invalid metadata value`, `${this.name(key)}[${k}]`);
      if (k.length > 40) throw invalidParam(`Metadata keys can have up to 40 characters`, `${this.name(key)}[${k}]`);
      if (value.length > 500) throw invalidParam(`Metadata values can have up to 500 characters`, `${this.name(key)}[${k}]`);
      out[k] = value;
    }
    return out;
  }

  /** Refuses parameters nobody read, here and in nested hashes. */
  done(): void {
    for (const key of Object.keys(this.raw)) {
      if (!this.used.has(key)) {
        throw invalidParam(`Received unknown parameter: ${this.name(key)}`, this.name(key), "parameter_unknown");
      }
    }
    for (const child of this.children) child.done();
  }
}

/** Applies metadata changes as Stripe does on update: merge, with "" deleting a key. */
export function mergeMetadata(
  current: Record<string, string>,
  change: Record<string, string> | null | undefined,
): Record<string, string> {
  if (change === undefined) return current;
  if (change === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(change)) {
    if (v === "") delete next[k];
    else next[k] = v;
  }
  return next;
}
