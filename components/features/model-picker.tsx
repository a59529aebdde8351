"use client";

import { clsx } from "clsx";
import { models, priceRequest, type ModelId } from "@/lib/credits/shared";
import type { AiFeatureId } from "@/lib/features/catalog";

const plural = (n: number) => `${n} credit${n === 1 ? "" : "s"}`;

/** The models as radio options, each with its cost for this feature (a small request). */
export function ModelPicker({
  feature,
  name,
  value,
  onChange,
  disabled,
}: {
  feature: AiFeatureId;
  name: string;
  value: ModelId;
  onChange: (model: ModelId) => void;
  disabled?: boolean;
}) {
  return (
    <fieldset disabled={disabled}>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Model</legend>
      <div className="mt-1.5 grid gap-2">
        {models.map((model) => {
          const cost = priceRequest({ feature, model: model.id }).credits;
          return (
            <label
              key={model.id}
              className={clsx(
                "flex cursor-pointer items-center gap-2.5 rounded-lg border px-3 py-2 text-sm transition-colors has-[:disabled]:cursor-not-allowed has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-600",
                value === model.id
                  ? "border-brand-600 bg-brand-50 dark:border-brand-100/60 dark:bg-brand-700/20"
                  : "border-zinc-300 hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800/60",
              )}
            >
              <input
                type="radio"
                name={name}
                value={model.id}
                checked={value === model.id}
                onChange={() => onChange(model.id)}
                className="size-4 accent-brand-600"
              />
              <span className="flex min-w-0 flex-1 flex-wrap items-baseline justify-between gap-x-3">
                <span className="font-medium">{model.name}</span>
                <span className="text-xs text-zinc-600 dark:text-zinc-400">from {plural(cost)} a request</span>
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
