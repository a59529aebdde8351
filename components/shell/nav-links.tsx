"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { clsx } from "clsx";
import { ChevronDown } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** `primary` links are always in the row; the others move into "More" below the lg breakpoint, so the row fits 375 px. */
const links = [
  { href: "/dashboard", label: "Dashboard", primary: true },
  { href: "/usage", label: "Usage", primary: true },
  { href: "/features", label: "Features", primary: true },
  { href: "/reports", label: "Reports", primary: false },
  { href: "/settings", label: "Settings", primary: false },
  { href: "/help", label: "Help", primary: false },
];

const linkClass = (active: boolean) =>
  clsx(
    "rounded-md px-2 py-1.5 text-sm font-medium whitespace-nowrap transition-colors sm:px-2.5",
    active
      ? "bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
      : "text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100",
  );

export function NavLinks() {
  const pathname = usePathname();
  const isActive = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const more = links.filter((l) => !l.primary);
  const moreActive = more.some((l) => isActive(l.href));
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5 sm:gap-1">
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={isActive(link.href) ? "page" : undefined}
          className={clsx(linkClass(isActive(link.href)), !link.primary && "hidden lg:inline-block")}
        >
          {link.label}
        </Link>
      ))}
      <DropdownMenu.Root>
        <DropdownMenu.Trigger className={clsx(linkClass(moreActive), "inline-flex items-center gap-1 lg:hidden")}>
          More
          <ChevronDown aria-hidden className="size-3.5" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content
            align="start"
            sideOffset={6}
            className="z-50 min-w-40 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
          >
            {more.map((link) => (
              <DropdownMenu.Item key={link.href} asChild>
                <Link
                  href={link.href}
                  aria-current={isActive(link.href) ? "page" : undefined}
                  className="flex cursor-pointer items-center rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 aria-[current=page]:font-semibold dark:data-[highlighted]:bg-zinc-800"
                >
                  {link.label}
                </Link>
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu.Root>
    </nav>
  );
}
