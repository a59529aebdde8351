import Link from "next/link";

/** The mark and the name; `compact` hides the name on phones, where the header is tight. */
export function Logo({ href = "/", compact = false }: { href?: string; compact?: boolean }) {
  return (
    <Link href={href} aria-label="Credits home" className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight">
      <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">
        C
      </span>
      <span className={compact ? "hidden text-lg sm:inline" : "text-lg"}>Credits</span>
    </Link>
  );
}
