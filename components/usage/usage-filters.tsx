"use client";

import { useRouter } from "next/navigation";
import { useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { features, models, type UsageSearch } from "@/lib/credits/shared";

const control =
  "block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm shadow-sm dark:border-zinc-700 dark:bg-zinc-900";
const label = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";

/** The log's filters; applying them puts them in the URL (and starts again at the newest page). */
export function UsageFilters({ search }: { search: UsageSearch }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(event.currentTarget)) {
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
        <input id="filter-from" name="from" type="date" defaultValue={search.from} className={control} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="filter-to" className={label}>
          To
        </label>
        <input id="filter-to" name="to" type="date" defaultValue={search.to} className={control} />
      </div>
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
