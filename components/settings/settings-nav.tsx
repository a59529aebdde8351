"use client";

import { clsx } from "clsx";
import Link from "next/link";
import { usePathname } from "next/navigation";

const sections = [
  { href: "/settings", label: "Account", exact: true },
  { href: "/settings/billing", label: "Billing", exact: false },
  { href: "/settings/api-keys", label: "API keys", exact: false },
];

export function SettingsNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Settings" className="border-b border-zinc-200 dark:border-zinc-800">
      <ul className="-mb-px flex gap-6 overflow-x-auto">
        {sections.map((section) => {
          const active = section.exact
            ? pathname === section.href
            : pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link
                href={section.href}
                aria-current={active ? "page" : undefined}
                className={clsx(
                  "inline-block whitespace-nowrap border-b-2 px-1 pb-3 pt-1 text-sm font-medium transition-colors",
                  active
                    ? "border-brand-600 text-zinc-900 dark:border-brand-500 dark:text-zinc-50"
                    : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900 dark:text-zinc-400 dark:hover:border-zinc-700 dark:hover:text-zinc-100",
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
