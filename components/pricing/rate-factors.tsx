import type { ReactNode } from "react";
import { features, models, priceRequest, tiers } from "@/lib/credits/shared";

const number = new Intl.NumberFormat("en-US");

function FactorCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h3 className="text-sm font-semibold">{title}</h3>
      <dl className="mt-3 space-y-2 text-sm">{children}</dl>
    </section>
  );
}

function Row({ term, value }: { term: ReactNode; value: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4">
      <dt className="text-zinc-700 dark:text-zinc-300">{term}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}

/** The three inputs of the formula, then the formula and how it rounds. */
export function RateFactors() {
  const miniChat = priceRequest({ feature: "chat", model: "gpt-5-mini" });
  const opusCode = priceRequest({ feature: "code_generation", model: "claude-opus-4.1", inputTokens: 20_000, outputTokens: 4_000 });
  return (
    <div className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <FactorCard title="1. Feature: base credits">
          {features.map((f) => (
            <Row key={f.id} term={f.name} value={f.flat ? `${f.baseCredits} flat` : f.baseCredits} />
          ))}
        </FactorCard>
        <FactorCard title="2. Model: multiplier">
          {models.map((m) => (
            <Row key={m.id} term={m.name} value={`×${m.multiplier}`} />
          ))}
        </FactorCard>
        <FactorCard title="3. Size: input + output tokens">
          {tiers.map((t, i) => (
            <Row
              key={t.id}
              term={
                t.maxTokens === null
                  ? `${t.name}, over ${number.format(tiers[i - 1]?.maxTokens ?? 0)}`
                  : `${t.name}, up to ${number.format(t.maxTokens)}`
              }
              value={`×${t.factor}`}
            />
          ))}
        </FactorCard>
      </div>
      <div className="rounded-xl border border-brand-100 bg-brand-50 p-5 text-sm dark:border-brand-700/40 dark:bg-brand-700/10">
        <p className="font-mono text-sm font-medium text-brand-700 dark:text-brand-100">
          credits = base × model multiplier × size factor, rounded up to a whole credit
        </p>
        <ul className="mt-3 list-disc space-y-1 pl-5 text-zinc-700 dark:text-zinc-300">
          <li>
            Every request costs at least 1 credit, and any fraction is rounded up: a chat message on GPT-5 mini is
            1 × 0.5 × 1 = 0.5, so it costs {miniChat.credits} credit.
          </li>
          <li>
            Code generation on Claude Opus 4.1 with 20,000 input and 4,000 output tokens (medium) is 2 × 3 × 2 ={" "}
            {opusCode.credits} credits.
          </li>
          <li>A request that reports no token counts is priced at the small tier.</li>
          <li>A pro agent request is always 1 credit, whatever the model and size.</li>
        </ul>
      </div>
    </div>
  );
}
