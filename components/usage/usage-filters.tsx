"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { dateRangeError as rangeError, features, models, type UsageSearch } from "@/lib/credits/shared";

const control =
  "block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900";
const label = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";

/**
 * The log's filters; applying them puts them in the URL (and starts again at
 * the newest page). Dates in the wrong order are explained under the date
 * fields — before applying, or from the page for a URL that has them so.
 */
export function UsageFilters({ search, dateRangeError }: { search: UsageSearch; dateRangeError?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [formError, setFormError] = useState<string>();
  const dateError = formError ?? dateRangeError;

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const wrongOrder = rangeError(String(form.get("from") ?? ""), String(form.get("to") ?? ""));
    setFormError(wrongOrder);
    if (wrongOrder) return;
    const params = new URLSearchParams();
    for (const [key, value] of form) {
      if (typeof value === "string" && value) params.set(key, value);
    }
    const query = params.toString();
    startTransition(() => router.push(query ? `/usage?${query}` : "/usage"));
  }

  return (
    <form
      onSubmit={apply}
      action="/usage"
      aria-label="Filter requests"
      className="grid grid-cols-2 items-end gap-3 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto]"
      // A new URL means new defaults: remount so the fields show what is applied.
      key={JSON.stringify(search)}
    >
      <div className="space-y-1.5">
        <label htmlFor="filter-from" className={label}>
          From
        </label>
        <input
          id="filter-from"
          name="from"
          type="date"
          defaultValue={search.from}
          aria-invalid={dateError ? true : undefined}
          aria-describedby={dateError ? "filter-dates-error" : undefined}
          className={control}
        />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="filter-to" className={label}>
          To
        </label>
        <input
          id="filter-to"
          name="to"
          type="date"
          defaultValue={search.to}
          aria-invalid={dateError ? true : undefined}
          aria-describedby={dateError ? "filter-dates-error" : undefined}
          className={control}
        />
      </div>
      {dateError ? (
        // Under the two date fields, the width of both; the rows are listed without the dates until they are put right.
        <p id="filter-dates-error" role="alert" className="col-span-2 -mt-1 text-sm text-red-700 lg:order-last dark:text-red-400">
          {dateError} The dates are not applied until the start is on or before the end.
        </p>
      ) : null}
      <div className="space-y-1.5">
        <label htmlFor="filter-feature" className={label}>
          Feature
        </label>
        <select id="filter-feature" name="feature" defaultValue={search.feature ?? ""} className={control}>
          <option value="">All features</option>
          {features.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor="filter-model" className={label}>
          Model
        </label>
        <select id="filter-model" name="model" defaultValue={search.model ?? ""} className={control}>
          <option value="">All models</option>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary" disabled={pending} className="col-span-2 lg:col-span-1">
        {pending ? "Applying…" : "Apply filters"}
      </Button>
    </form>
  );
}
