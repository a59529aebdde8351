"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { ModelId } from "@/lib/credits/shared";
import type { AiFeatureId, ChatMessage } from "@/lib/features/catalog";

export type RunState =
  | { status: "idle" }
  | { status: "running"; requestId: string | null; heldCredits: number | null; text: string }
  | { status: "done"; requestId: string; text: string; credits: number; inputTokens: number; outputTokens: number }
  | { status: "cancelled"; requestId: string | null; text: string }
  | { status: "error"; requestId: string | null; text: string; message: string; code?: string };

type Event =
  | { type: "start"; requestId: string; heldCredits: number }
  | { type: "text"; text: string }
  | { type: "done"; requestId: string; credits: number; inputTokens: number; outputTokens: number }
  | { type: "error"; requestId: string; message: string };

/**
 * Runs one AI feature request against /api/features/<feature> and follows
 * its NDJSON stream. `cancel` aborts the fetch: the server then releases the
 * hold and nothing is charged.
 */
export function useFeatureRun(feature: AiFeatureId) {
  const [state, setState] = useState<RunState>({ status: "idle" });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);

  const run = useCallback(
    async (model: ModelId, messages: ChatMessage[]): Promise<RunState> => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      let current: RunState = { status: "running", requestId: null, heldCredits: null, text: "" };
      const update = (next: RunState) => {
        current = next;
        if (controller.current === abort) setState(next);
      };
      update(current);
      try {
        const response = await fetch(`/api/features/${feature}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model, messages }),
          signal: abort.signal,
        });
        if (!response.ok || !response.body) {
          const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
          update({
            status: "error",
            requestId: null,
            text: "",
            code: body?.error?.code,
            message: body?.error?.message ?? "The request could not be started. Try again.",
          });
          return current;
        }
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        let text = "";
        let requestId: string | null = null;
        let heldCredits: number | null = null;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let newline: number;
          while ((newline = buffer.indexOf("\n")) >= 0) {
            const event = JSON.parse(buffer.slice(0, newline)) as Event;
            buffer = buffer.slice(newline + 1);
            if (event.type === "start") ({ requestId, heldCredits } = event);
            else if (event.type === "text") text += event.text;
            if (event.type === "done") update({ status: "done", text, ...event });
            else if (event.type === "error") update({ status: "error", requestId: event.requestId, text, message: event.message });
            else update({ status: "running", requestId, heldCredits, text });
          }
        }
        if (current.status === "running") {
          update({ status: "error", requestId, text, message: "The connection closed before the answer was complete. It was not charged." });
        }
      } catch (error) {
        if (abort.signal.aborted) {
          const last = current as RunState;
          update(last.status === "idle" ? { status: "cancelled", requestId: null, text: "" } : { status: "cancelled", requestId: last.requestId, text: last.text });
        } else {
          console.error(error);
          update({ status: "error", requestId: null, text: "", message: "The connection failed. Check your network and try again." });
        }
      }
      return current;
    },
    [feature],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  const reset = useCallback(() => setState({ status: "idle" }), []);

  return { state, run, cancel, reset };
}
