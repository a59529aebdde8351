import { clsx } from "clsx";
import { features, models, priceRequest, tiers, type Tier } from "@/lib/credits/shared";

const number = new Intl.NumberFormat("en-US");

/** The smallest token count of a tier: one past the previous tier's limit. */
function tierStart(index: number) {
  return (tiers[index - 1]?.maxTokens ?? -1) + 1;
}

function tierRange(tier: Tier, index: number) {
  if (tier.maxTokens === null) return `over ${number.format(tierStart(index) - 1)} tokens`;
  return `up to ${number.format(tier.maxTokens)} tokens`;
}

// On a phone the table is a grid of its own: each feature heads its rows, then model and the four tiers
// side by side (the table's semantics stay), so nothing scrolls sideways.
const phoneRow = "max-sm:grid max-sm:grid-cols-[minmax(0,1fr)_repeat(4,4rem)] max-sm:items-baseline";
const phoneCell = "max-sm:px-2";

/** Every feature × model × size tier, priced by the same function the metering API uses. */
export function RateCardTable() {
  return (
    // Focusable so keyboard users can scroll the table sideways on a narrow screen.
    <div
      role="region"
      aria-labelledby="rate-card-caption"
      tabIndex={0}
      // `relative` keeps the cells' screen-reader-only text inside the scroll box.
      className="relative rounded-xl sm:overflow-x-auto border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <table className="w-full border-collapse text-sm max-sm:block sm:min-w-[40rem]">
        <caption id="rate-card-caption" className="sr-only">
          Credits per request, by feature, model and size tier
        </caption>
        <thead className="max-sm:block">
          <tr className={clsx(phoneRow, "border-b border-zinc-200 bg-zinc-50 text-left dark:border-zinc-800 dark:bg-zinc-950/40")}>
            <th scope="col" className="px-4 py-3 font-semibold max-sm:hidden">
              Feature
            </th>
            <th scope="col" className={clsx(phoneCell, "px-4 py-3 font-semibold")}>
              Model
            </th>
            {tiers.map((tier, i) => (
              <th key={tier.id} scope="col" className={clsx(phoneCell, "px-4 py-3 text-right font-semibold")}>
                {tier.name}
                <span className="block text-xs font-normal text-zinc-600 dark:text-zinc-400">{tierRange(tier, i)}</span>
              </th>
            ))}
          </tr>
        </thead>
        {features.map((feature) => {
          // A flat feature costs the same on every model: one row says so instead of three identical ones.
          const rows = feature.flat ? [{ id: models[0]!.id, name: "Any model" }] : models;
          return (
            <tbody key={feature.id} className="max-sm:block border-b border-zinc-200 last:border-b-0 dark:border-zinc-800">
              {rows.map((model, i) => (
                <tr key={model.id} className={clsx(phoneRow, i > 0 && "border-t border-zinc-100 dark:border-zinc-800/60")}>
                  {i === 0 ? (
                    <th
                      scope="rowgroup"
                      rowSpan={rows.length}
                      className="px-4 py-3 text-left align-top font-medium max-sm:col-span-full max-sm:px-2 max-sm:pb-0"
                    >
                      {feature.name}
                      <span className="block text-xs font-normal text-zinc-600 dark:text-zinc-400">
                        {feature.flat ? "flat price" : `base ${feature.baseCredits} credit${feature.baseCredits === 1 ? "" : "s"}`}
                      </span>
                    </th>
                  ) : null}
                  <th scope="row" className={clsx(phoneCell, "px-4 py-3 text-left font-normal text-zinc-700 dark:text-zinc-300")}>
                    {model.name}
                  </th>
                  {tiers.map((tier, t) => {
                    const { credits } = priceRequest({ feature: feature.id, model: model.id, inputTokens: tierStart(t) });
                    return (
                      <td key={tier.id} className={clsx(phoneCell, "px-4 py-3 text-right tabular-nums")}>
                        {credits}
                        <span className="sr-only"> {credits === 1 ? "credit" : "credits"}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
