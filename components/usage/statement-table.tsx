import type { MonthlyStatement } from "@/lib/credits";

const number = new Intl.NumberFormat("en-US");
const cell = "px-3 py-2";
const amount = `${cell} text-right tabular-nums whitespace-nowrap`;

function Row({ label, detail, credits, sign = "", strong = false }: { label: string; detail?: string; credits: number; sign?: "+" | "−" | ""; strong?: boolean }) {
  return (
    <tr className={strong ? "font-semibold" : undefined}>
      <th scope="row" className={`${cell} text-left font-[inherit]`}>
        {label}
        {detail ? <span className="block text-xs font-normal text-zinc-600 dark:text-zinc-400">{detail}</span> : null}
      </th>
      <td className={amount}>
        {credits === 0 ? "" : sign}
        {number.format(credits)}
      </td>
    </tr>
  );
}

function Section({ title }: { title: string }) {
  return (
    <tr className="bg-zinc-50 dark:bg-zinc-800/60">
      <th scope="rowgroup" colSpan={2} className={`${cell} text-left text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-300`}>
        {title}
      </th>
    </tr>
  );
}

/**
 * One month's statement as a two-column table (item, credits), narrow enough
 * for a phone: opening, what came in, what went out, closing.
 */
export function StatementTable({ statement: s }: { statement: MonthlyStatement }) {
  return (
    <div className="overflow-hidden rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-sm">
        <caption className="sr-only">Statement for {s.title}, in credits</caption>
        <thead>
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th scope="col" className={`${cell} text-left`}>Item</th>
            <th scope="col" className={`${cell} text-right`}>Credits</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          <Row label="Opening balance" detail={s.opening.held > 0 ? `${number.format(s.opening.held)} of it held by open requests` : undefined} credits={s.opening.balance} strong />
          <Section title="Credits in" />
          {s.granted.length === 0 ? <Row label="No credits added" credits={0} /> : null}
          {s.granted.map((g) => (
            <Row key={g.kind} label={g.label} credits={g.credits} sign="+" />
          ))}
          <Section title="Credits out" />
          {s.used.length === 0 ? <Row label="No usage" credits={0} /> : null}
          {s.used.map((u) => (
            <Row key={`${u.feature}/${u.model}`} label={u.featureName} detail={u.modelName} credits={u.credits} sign="−" />
          ))}
          <Row label="Expired" detail="Credits that reached their expiry date unused" credits={s.expired} sign="−" />
          <Row label="Taken back" detail="Refunded or disputed purchases" credits={s.clawedBack} sign="−" />
          <Row
            label={s.running ? "Balance so far" : "Closing balance"}
            detail={s.closing.held > 0 ? `${number.format(s.closing.held)} of it held by requests still open` : undefined}
            credits={s.closing.balance}
            strong
          />
        </tbody>
      </table>
    </div>
  );
}
