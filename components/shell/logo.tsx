import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded-md font-semibold tracking-tight">
      <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm font-bold text-white">
        C
      </span>
      <span className="text-lg">Credits</span>
    </Link>
  );
}
