"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { CreditCard, LogOut, Settings, Wallet } from "lucide-react";
import Link from "next/link";
import { signOutAction } from "@/lib/auth/actions";
import { usePurchasePanel } from "@/components/credits/purchase-panel-provider";

function initials(name: string | null, email: string) {
  const source = name?.trim() || email;
  return source
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}

const itemClass =
  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-zinc-100 dark:data-[highlighted]:bg-zinc-800";

export function UserMenu({ name, email }: { name: string | null; email: string }) {
  const { openPanel } = usePurchasePanel();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        aria-label="Account menu"
        className="grid size-9 place-items-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700 hover:bg-brand-50 dark:bg-brand-700/30 dark:text-brand-100"
      >
        {initials(name, email)}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={8}
          className="z-50 min-w-56 rounded-lg border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
        >
          <div className="px-2 py-1.5">
            {name ? <p className="text-sm font-medium">{name}</p> : null}
            <p className="truncate text-xs text-zinc-600 dark:text-zinc-400">{email}</p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
          <DropdownMenu.Item className={itemClass} onSelect={openPanel}>
            <CreditCard aria-hidden className="size-4" /> Purchase credits
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings/billing">
              <Wallet aria-hidden className="size-4" /> Billing
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/settings">
              <Settings aria-hidden className="size-4" /> Settings
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} onSelect={() => void signOutAction()}>
            <LogOut aria-hidden className="size-4" /> Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
