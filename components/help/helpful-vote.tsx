"use client";

import { clsx } from "clsx";
import { Check, ThumbsDown, ThumbsUp } from "lucide-react";
import { useActionState, useId, useState } from "react";
import { sendHelpFeedback } from "@/lib/help/actions";
import { idle } from "@/lib/form-state";

const choiceClass = (pressed: boolean) =>
  clsx(
    "inline-flex h-9 items-center gap-1.5 rounded-lg border px-3 text-sm font-medium transition-colors disabled:cursor-wait",
    pressed
      ? "border-brand-600 bg-brand-50 text-brand-700 dark:border-brand-100/60 dark:bg-brand-700/30 dark:text-brand-50"
      : "border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-200 dark:hover:bg-zinc-800",
  );

/** "Was this helpful?" Yes/No for one answer, saved per user; choosing again changes the answer. */
export function HelpfulVote({ answerId, initial }: { answerId: string; initial: boolean | null }) {
  const id = useId();
  const [choice, setChoice] = useState<boolean | null>(initial);
  const [state, action, pending] = useActionState(sendHelpFeedback, idle);

  return (
    <form action={action} className="mt-4 flex flex-wrap items-center gap-x-3 gap-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
      <input type="hidden" name="answerId" value={answerId} />
      <div role="group" aria-labelledby={`${id}-q`} className="flex flex-wrap items-center gap-2">
        <span id={`${id}-q`} className="text-sm text-zinc-600 dark:text-zinc-400">
          Was this helpful?
        </span>
        <button
          type="submit"
          name="helpful"
          value="yes"
          aria-pressed={choice === true}
          disabled={pending}
          onClick={() => setChoice(true)}
          className={choiceClass(choice === true)}
        >
          <ThumbsUp aria-hidden className="size-4" /> Yes
        </button>
        <button
          type="submit"
          name="helpful"
          value="no"
          aria-pressed={choice === false}
          disabled={pending}
          onClick={() => setChoice(false)}
          className={choiceClass(choice === false)}
        >
          <ThumbsDown aria-hidden className="size-4" /> No
        </button>
      </div>
      <p role="status" className="text-sm text-zinc-700 dark:text-zinc-300">
        {state.status === "ok" ? (
          <span className="inline-flex items-center gap-1.5">
            <Check aria-hidden className="size-4 text-emerald-600 dark:text-emerald-400" />
            {choice ? "Thanks, glad it helped." : "Thanks for telling us. We will improve this answer."}
          </span>
        ) : state.status === "error" ? (
          <span className="text-red-700 dark:text-red-400">{state.message}</span>
        ) : null}
      </p>
    </form>
  );
}
