"use client";

import { Loader2, Sparkles, Square } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ModelId } from "@/lib/credits/shared";
import { MAX_PROMPT_CHARS } from "@/lib/features/catalog";
import { CostNote } from "./cost-note";
import { MarkdownAnswer } from "./markdown-answer";
import { ModelPicker } from "./model-picker";
import { OutOfCredits, useOutOfCredits } from "./out-of-credits";
import { RunOutcome } from "./run-outcome";
import { useFeatureRun } from "./use-feature-run";

const textareaClass =
  "block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900";

export function CodeGeneration() {
  const id = useId();
  const [prompt, setPrompt] = useState("");
  const [model, setModel] = useState<ModelId>("claude-sonnet-4.5");
  const { state, run, cancel } = useFeatureRun("code_generation");
  const outOfCredits = useOutOfCredits();
  const running = state.status === "running";
  const messages = [{ role: "user" as const, content: prompt }];
  const reasonId = `${id}-reason`;

  return (
    <section aria-labelledby={`${id}-title`} className="flex min-w-0 flex-col gap-4 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div>
        <h2 id={`${id}-title`} className="text-base font-semibold">Code generation</h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Describe the code you need; the answer streams in as it is written.</p>
      </div>
      {outOfCredits ? <OutOfCredits id={reasonId} /> : null}
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (prompt.trim()) void run(model, messages);
        }}
      >
        <div className="space-y-1.5">
          <label htmlFor={`${id}-prompt`} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            What should the code do?
          </label>
          <textarea
            id={`${id}-prompt`}
            rows={4}
            required
            maxLength={MAX_PROMPT_CHARS}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder="A TypeScript function that splits an array into chunks of n items"
            className={textareaClass}
          />
        </div>
        <ModelPicker feature="code_generation" name={`${id}-model`} value={model} onChange={setModel} disabled={running} />
        <div className="flex flex-wrap items-center gap-3">
          <Button
              type="submit"
              disabled={running || outOfCredits || !prompt.trim()}
              aria-describedby={outOfCredits ? reasonId : `${id}-cost`}
            >
              <Sparkles aria-hidden className="size-4" /> Generate code
            </Button>
          {running ? (
            <Button variant="secondary" onClick={cancel}>
              <Square aria-hidden className="size-4" /> Stop generating
            </Button>
          ) : null}
          {running ? (
            <span className="inline-flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
              <Loader2 aria-hidden className="size-4 animate-spin" /> Generating…
            </span>
          ) : (
            <CostNote id={`${id}-cost`} feature="code_generation" model={model} messages={messages} />
          )}
        </div>
      </form>
      {state.status !== "idle" && state.text ? <MarkdownAnswer text={state.text} label="Generated code" /> : null}
      <RunOutcome state={state} />
    </section>
  );
}
