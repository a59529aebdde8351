import { Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdmin } from "@/lib/auth/admin";
import { findUsers } from "@/lib/reports";

export const metadata: Metadata = { title: "Users" };

export default async function SupportUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdmin();
  const { email } = await searchParams;
  const query = typeof email === "string" ? email.trim().slice(0, 200) : "";
  const found = query.length >= 2 ? await findUsers(query) : null;
  return (
    <>
      <PageHeader title="Users" description="Find a user by e-mail and read their ledger. Read-only: credits move only through a report's adjustment." />
      <form method="get" className="mb-4 flex flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:flex-row sm:items-end dark:border-zinc-800 dark:bg-zinc-900">
        <Field id="user-email" name="email" label="E-mail" type="search" defaultValue={query} placeholder="at least 2 characters" className="sm:w-80" />
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>
      {found === null ? null : found.length === 0 ? (
        <EmptyState icon={<Users className="size-5" />} title="No users found">
          <p>No e-mail address contains “{query}”.</p>
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white shadow-sm dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900">
          {found.map((u) => (
            <li key={u.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
              <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-600 hover:underline dark:text-brand-100">
                {u.email}
              </Link>
              <span className="text-zinc-600 dark:text-zinc-400">
                {u.name ?? "No name"}
                {u.isAdmin ? " · admin" : ""}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
