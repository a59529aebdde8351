"use client";

import { clsx } from "clsx";
import { Loader2, RotateCcw, Send, Square } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import type { ModelId } from "@/lib/credits/shared";
import { MAX_MESSAGES, MAX_PROMPT_CHARS, type ChatMessage } from "@/lib/features/catalog";
import { CostNote } from "./cost-note";
import { ModelPicker } from "./model-picker";
import { OutOfCredits, useOutOfCredits } from "./out-of-credits";
import { RunOutcome } from "./run-outcome";
import { useFeatureRun } from "./use-feature-run";

export function Chat() {
  const id = useId();
  const [draft, setDraft] = useState("");
  const [history, setHistory] = useState<ChatMessage[]>([]);
  const [model, setModel] = useState<ModelId>("gpt-5-mini");
  const { state, run, cancel, reset } = useFeatureRun("chat");
  const outOfCredits = useOutOfCredits();
  const running = state.status === "running";
  // Older turns drop out so a long conversation stays within one request's limits.
  const next = trim([...history, { role: "user", content: draft }]);
  const reasonId = `${id}-reason`;

  async function send() {
    if (!draft.trim()) return;
    const asked = next;
    setHistory(asked);
    setDraft("");
    const result = await run(model, asked);
    // Only a complete answer joins the conversation; a failed or cancelled one is shown but not sent again.
    if (result.status === "done") setHistory([...asked, { role: "assistant", content: result.text }]);
  }

  const pendingReply = state.status !== "idle" && state.status !== "done" ? state.text : null;

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-4 rounded-xl border border-zinc-200 bg-white p-5 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h2 id={`${id}-title`} className="text-base font-semibold">Chat</h2>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Ask about your code. Each message is one request.</p>
        </div>
        {history.length > 0 && !running ? (
          <Button variant="ghost" className="h-9 px-3" onClick={() => (setHistory([]), reset())}>
            <RotateCcw aria-hidden className="size-4" /> New chat
          </Button>
        ) : null}
      </div>
      {outOfCredits ? <OutOfCredits id={reasonId} /> : null}
      {history.length > 0 ? (
        <ol aria-label="Conversation" className="flex max-h-96 flex-col gap-3 overflow-y-auto" tabIndex={0}>
          {history.map((message, i) => (
            <Bubble key={i} message={message} />
          ))}
          {pendingReply ? <Bubble message={{ role: "assistant", content: pendingReply }} /> : null}
        </ol>
      ) : null}
      <form
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <div className="space-y-1.5">
          <label htmlFor={`${id}-message`} className="block text-sm font-medium text-zinc-800 dark:text-zinc-200">
            Message
          </label>
          <textarea
            id={`${id}-message`}
            rows={3}
            required
            maxLength={MAX_PROMPT_CHARS}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !running && !outOfCredits) {
                e.preventDefault();
                void send();
              }
            }}
            placeholder="Why does my useEffect run twice in development?"
            className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </div>
        <ModelPicker feature="chat" name={`${id}-model`} value={model} onChange={setModel} disabled={running} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={running || outOfCredits || !draft.trim()} aria-describedby={outOfCredits ? reasonId : `${id}-cost`}>
              <Send aria-hidden className="size-4" /> Send
            </Button>
          {running ? (
            <Button variant="secondary" onClick={cancel}>
              <Square aria-hidden className="size-4" /> Stop
            </Button>
          ) : null}
          {running ? (
            <span className="inline-flex items-center gap-2 text-sm text-zinc-600 dark:text-zinc-400">
              <Loader2 aria-hidden className="size-4 animate-spin" /> Answering…
            </span>
          ) : (
            <CostNote id={`${id}-cost`} feature="chat" model={model} messages={next} />
          )}
        </div>
      </form>
      <RunOutcome state={state} />
    </section>
  );
}

function Bubble({ message }: { message: ChatMessage }) {
  const mine = message.role === "user";
  return (
    <li
      className={clsx(
        "max-w-[90%] whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm",
        mine
          ? "self-end bg-brand-600 text-white"
          : "self-start bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100",
      )}
    >
      <span className="sr-only">{mine ? "You: " : "Assistant: "}</span>
      {message.content}
    </li>
  );
}

function trim(messages: ChatMessage[]): ChatMessage[] {
  const kept = messages.slice(-MAX_MESSAGES);
  let chars = kept.reduce((n, m) => n + m.content.length, 0);
  while (kept.length > 1 && (chars > MAX_PROMPT_CHARS || kept[0]!.role !== "user")) {
    chars -= kept.shift()!.content.length;
  }
  return kept;
}
