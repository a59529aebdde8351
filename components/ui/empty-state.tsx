import type { ReactNode } from "react";

export function EmptyState({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-xl border border-dashed border-zinc-300 px-6 py-12 text-center dark:border-zinc-700">
      <div aria-hidden className="mb-3 rounded-full bg-brand-50 p-3 text-brand-600 dark:bg-brand-700/20 dark:text-brand-100">
        {icon}
      </div>
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="mt-1 max-w-md text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
    </div>
  );
}
