"use client";

import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Button } from "@/components/ui/button";

export interface ChartSeries {
  id: string;
  name: string;
  color: string;
}

export interface ChartDay {
  day: string;
  /** "Jun 3" */
  label: string;
  total: number;
  byFeature: Record<string, number>;
}

const numberFormat = new Intl.NumberFormat("en-US");

/**
 * Credits per day, stacked by feature. The drawing is for sighted mouse
 * users; everyone else gets the same figures as a table (read by screen
 * readers at all times, shown on screen with "Show as table").
 */
export function UsageChart({ days, series, summary }: { days: ChartDay[]; series: ChartSeries[]; summary: string }) {
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  const data = days.map((d) => ({ label: d.label, ...d.byFeature }));

  return (
    <section aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} className="space-y-3">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold">
            Usage, last 30 days
          </h2>
          <p id={`${id}-summary`} className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            {summary}
          </p>
        </div>
        <Button
          variant="ghost"
          className="h-8 px-2.5"
          aria-expanded={showTable}
          aria-controls={`${id}-table`}
          onClick={() => setShowTable((v) => !v)}
        >
          {showTable ? "Show as chart" : "Show as table"}
        </Button>
      </div>

      {showTable ? null : (
        <div aria-hidden className="h-64 w-full text-zinc-500 dark:text-zinc-400">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
              <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
              <XAxis
                dataKey="label"
                tick={{ fill: "currentColor", fontSize: 12 }}
                tickLine={false}
                axisLine={false}
                interval="preserveStartEnd"
                minTickGap={24}
              />
              <YAxis
                allowDecimals={false}
                tick={{ fill: "currentColor", fontSize: 12 }}
                tickLine={false}
                axisLine={false}
                width={56}
              />
              <Tooltip
                cursor={{ fill: "currentColor", fillOpacity: 0.08 }}
                contentStyle={{
                  borderRadius: 8,
                  border: "1px solid rgb(228 228 231)",
                  background: "white",
                  color: "rgb(24 24 27)",
                  fontSize: 12,
                }}
                formatter={(value) => numberFormat.format(Number(value))}
              />
              <Legend iconType="circle" wrapperStyle={{ fontSize: 12 }} />
              {series.map((s, i) => (
                <Bar
                  key={s.id}
                  dataKey={s.id}
                  name={s.name}
                  stackId="credits"
                  fill={s.color}
                  radius={i === series.length - 1 ? [3, 3, 0, 0] : 0}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}

      <div
        id={`${id}-table`}
        // Scrolls when shown, so it takes focus for keyboard scrolling.
        tabIndex={showTable ? 0 : undefined}
        className={showTable ? "max-h-80 overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800" : "sr-only"}>
        <table className="w-full text-sm">
          <caption className="sr-only">Credits used per day, by feature</caption>
          <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-900">
            <tr>
              <th scope="col" className="px-3 py-2 text-left font-medium">
                Day
              </th>
              {series.map((s) => (
                <th key={s.id} scope="col" className="px-3 py-2 text-right font-medium">
                  {s.name}
                </th>
              ))}
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Total
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row" className="px-3 py-1.5 text-left font-normal">
                  <time dateTime={d.day}>{d.label}</time>
                </th>
                {series.map((s) => (
                  <td key={s.id} className="px-3 py-1.5 text-right tabular-nums">
                    {numberFormat.format(d.byFeature[s.id] ?? 0)}
                  </td>
                ))}
                <td className="px-3 py-1.5 text-right font-medium tabular-nums">{numberFormat.format(d.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
