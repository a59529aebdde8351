import { ChevronLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ReportStatusBadge } from "@/components/reports/report-status-badge";
import { Card } from "@/components/ui/card";
import { UsageTable } from "@/components/usage/usage-table";
import { requireAdmin } from "@/lib/auth/admin";
import { userLedger } from "@/lib/reports";
import { formatDateTime } from "@/lib/credits/shared";

/** The user's ledger, read once for the title and the page. */
const loadLedger = cache(async (id: string) => {
  await requireAdmin();
  return userLedger(id);
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  // A 404 met while the title is worked out is titled by app/not-found.tsx, not "User".
  if (!(await loadLedger((await params).id))) notFound();
  return { title: "User" };
}

// Support reads every account in one zone, UTC (as the server logs are), in the format every page uses.
const date = { format: (instant: Date | string) => formatDateTime(instant, "UTC") };
const num = new Intl.NumberFormat("en-US");
const usd = (cents: number) => (cents / 100).toLocaleString("en-US", { style: "currency", currency: "USD" });
const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400";
const td = "px-3 py-2";

export default async function SupportUserPage({ params }: { params: Promise<{ id: string }> }) {
  const ledger = await loadLedger((await params).id);
  if (!ledger) notFound();
  const { user, balance, transfers, usage, reports, purchases } = ledger;
  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin/users" className="inline-flex items-center gap-1 text-sm font-medium text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          <ChevronLeft aria-hidden className="size-4" />
          Users
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{user.email}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          {user.name ?? "No name"} · joined {date.format(user.createdAt)} UTC{user.isAdmin ? " · admin" : ""} · read-only
        </p>
      </div>

      {balance ? (
        <dl className="grid gap-3 sm:grid-cols-3">
          {[
            ["Balance", balance.balance],
            ["Available", balance.available],
            ["Held", balance.held],
          ].map(([label, value]) => (
            <div key={label} className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
              <dt className="text-sm text-zinc-600 dark:text-zinc-400">{label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{num.format(Number(value))}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="text-sm">This user has no credit account yet.</p>
      )}

      {balance ? (
        <Card title="Grants">
          <div role="region" aria-label="Grants" tabIndex={0} className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-sm">
              <thead>
                <tr>
                  <th scope="col" className={th}>Source</th>
                  <th scope="col" className={`${th} text-right`}>Amount</th>
                  <th scope="col" className={`${th} text-right`}>Remaining</th>
                  <th scope="col" className={th}>Created (UTC)</th>
                  <th scope="col" className={th}>Expires</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {balance.grants.map((g) => (
                  <tr key={g.id}>
                    <td className={td}>{g.source}</td>
                    <td className={`${td} text-right tabular-nums`}>{num.format(g.amount)}</td>
                    <td className={`${td} text-right tabular-nums`}>{num.format(g.remaining)}</td>
                    <td className={`${td} whitespace-nowrap`}>{date.format(new Date(g.createdAt))}</td>
                    <td className={`${td} whitespace-nowrap`}>{g.expiresAt ? date.format(new Date(g.expiresAt)) : "Never"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {balance.grants.length === 0 ? <p className="px-3 py-2 text-sm text-zinc-600 dark:text-zinc-400">No grants with credits left.</p> : null}
          </div>
        </Card>
      ) : null}

      <Card title="Purchases">
        {purchases.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">None.</p>
        ) : (
          <div role="region" aria-label="Purchases" tabIndex={0} className="overflow-x-auto">
            <table className="w-full min-w-[48rem] text-sm">
              <thead>
                <tr>
                  <th scope="col" className={th}>Time (UTC)</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={`${th} text-right`}>Credits</th>
                  <th scope="col" className={`${th} text-right`}>Paid</th>
                  <th scope="col" className={`${th} text-right`}>Refunded</th>
                  <th scope="col" className={`${th} text-right`}>Disputed</th>
                  <th scope="col" className={`${th} text-right`}>Taken back</th>
                  <th scope="col" className={`${th} text-right`}>Unrecovered</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {purchases.map(({ purchase: p, disputedCents, disputes }) => (
                  <tr key={p.id}>
                    <td className={`${td} whitespace-nowrap`}>{date.format(p.createdAt)}</td>
                    <td className={td}>
                      {p.status}
                      {disputes.map((d) => (
                        <span key={d.id} className="block text-xs text-zinc-600 dark:text-zinc-400">
                          dispute {d.status}
                          {d.returned > 0 ? `, ${num.format(d.returned)} returned` : ""}
                        </span>
                      ))}
                      {p.failureCode === "amount_mismatch" ? (
                        <span className="block text-xs text-red-700 dark:text-red-300">charge does not match: not credited</span>
                      ) : null}
                    </td>
                    <td className={`${td} text-right tabular-nums`}>{num.format(p.credits)}</td>
                    <td className={`${td} text-right tabular-nums`}>{usd(p.amountCents)}</td>
                    <td className={`${td} text-right tabular-nums`}>{p.refundedCents ? usd(p.refundedCents) : "—"}</td>
                    <td className={`${td} text-right tabular-nums`}>{disputedCents ? usd(disputedCents) : "—"}</td>
                    <td className={`${td} text-right tabular-nums`}>{num.format(p.creditsTakenBack)}</td>
                    <td className={`${td} text-right tabular-nums`}>{num.format(p.unrecoveredCredits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Recent transfers">
        {transfers.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">None.</p>
        ) : (
          <div role="region" aria-label="Recent transfers" tabIndex={0} className="overflow-x-auto">
            <table className="w-full min-w-[36rem] text-sm">
              <thead>
                <tr>
                  <th scope="col" className={th}>Time (UTC)</th>
                  <th scope="col" className={th}>Kind</th>
                  <th scope="col" className={`${th} text-right`}>Credits</th>
                  <th scope="col" className={th}>Request</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {transfers.map((t) => (
                  <tr key={t.id}>
                    <td className={`${td} whitespace-nowrap`}>{date.format(t.createdAt)}</td>
                    <td className={td}>{t.kind}</td>
                    <td className={`${td} text-right tabular-nums`}>{t.amount > 0 ? `+${num.format(t.amount)}` : num.format(t.amount)}</td>
                    <td className={td}>
                      <code className="font-mono text-xs">{t.requestId ?? "—"}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <section aria-labelledby="usage-heading" className="space-y-3">
        <h2 id="usage-heading" className="text-base font-semibold">
          Recent requests
        </h2>
        {usage.length ? <UsageTable rows={usage} timeZone="UTC" caption="Recent requests, newest first" /> : <p className="text-sm">None.</p>}
      </section>

      <Card title="Reports">
        {reports.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">None.</p>
        ) : (
          <ul className="space-y-2 text-sm">
            {reports.map((r) => (
              <li key={r.id} className="flex flex-wrap items-center gap-2">
                <ReportStatusBadge status={r.status} />
                <Link href={`/admin/reports/${r.id}`} className="truncate font-medium text-brand-600 hover:underline dark:text-brand-100">
                  {r.description.slice(0, 100)}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
