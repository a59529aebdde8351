import "server-only";
import { captureHold, placeHold, priceRequest, recordRequestTokens, releaseHold } from "@/lib/credits";
import type { ModelId } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { aiFeatures, estimateTokens, maxCredits, type AiFeatureId, type ChatMessage } from "./catalog";
import type { Responder } from "./responder";

/** A hold outlives a crashed server by at most this long; then the ledger frees it by itself. */
const HOLD_TTL_SECONDS = 600;

export type RunEvent =
  | { type: "start"; requestId: string; heldCredits: number }
  | { type: "text"; text: string }
  | { type: "done"; requestId: string; credits: number; inputTokens: number; outputTokens: number; balance: number }
  /** `credits`: what the output streamed before the failure cost (0 when there was none). */
  | { type: "error"; requestId: string; credits: number; message: string };

export interface FeatureRunInput {
  accountId: number;
  feature: AiFeatureId;
  model: ModelId;
  messages: ChatMessage[];
  responder: Responder;
  /** The client's request signal: aborting it ends the run (charged for what it streamed). */
  signal?: AbortSignal;
}

export interface FeatureRun {
  requestId: string;
  holdId: string;
  heldCredits: number;
  /** Start, the streamed text, then exactly one of done or error (none when aborted). */
  events: AsyncGenerator<RunEvent, void, undefined>;
}

/**
 * One credit-metered AI request (DESIGN.md §4.5): a hold of the most it could
 * cost is placed first (refused with 402 when the credits are not there), the
 * answer is streamed, and then the actual cost by tokens is captured. A run
 * that fails or is cancelled after it streamed output is charged for what it
 * streamed (its input plus that output, by the rate card, at most the hold:
 * DESIGN.md §4.10); only a run that produced nothing releases its hold and is
 * free. Every request is in the request log under the hold's request id.
 */
export async function startFeatureRun(input: FeatureRunInput): Promise<FeatureRun> {
  const { accountId, feature, model, messages } = input;
  const held = maxCredits(feature, model, messages);
  const hold = await placeHold({
    accountId,
    credits: held,
    feature,
    model,
    ttlSeconds: HOLD_TTL_SECONDS,
    metadata: { source: "features" },
  });
  if (hold.outcome === "insufficient_credits") {
    throw new AppError(
      "insufficient_credits",
      hold.available <= 0
        ? "You have no credits left. Purchase more credits to use this feature."
        : `Not enough credits: this request may cost up to ${held} and ${hold.available} are available. Purchase more credits or choose a cheaper model.`,
    );
  }
  if (hold.outcome !== "created") throw new Error(`unexpected hold outcome ${hold.outcome}`);
  const { holdId, requestId } = hold.body;

  const abort = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, abort.signal]) : abort.signal;

  const spec = aiFeatures[feature];
  const inputEstimate = () => estimateTokens(spec.system) + messages.reduce((n, m) => n + estimateTokens(m.content), 0);
  /** The output handed to the consumer so far: once there is some, the run is paid for. */
  let streamed = "";
  let settled = false;
  /**
   * Ends a run that did not finish, unless it was already settled; safe to call
   * more than once. Nothing streamed: the hold is released. Output streamed:
   * that output is captured (the model did the work and the user saw it).
   */
  const settleUnfinished = async (): Promise<number> => {
    if (settled) return 0;
    settled = true;
    try {
      if (!streamed) {
        await releaseHold(accountId, holdId);
        return 0;
      }
      const tokens = { inputTokens: inputEstimate(), outputTokens: estimateTokens(streamed) };
      const credits = Math.min(held, priceRequest({ feature, model, ...tokens }).credits);
      const result = await captureHold(accountId, holdId, credits);
      if (result.outcome !== "settled" && result.outcome !== "replay") throw new Error(`capturing ${holdId}: ${result.outcome}`);
      await recordRequestTokens(accountId, requestId, tokens).catch((error: unknown) =>
        log.error({ err: error, usageRequestId: requestId }, "recording a feature run's tokens failed"),
      );
      return result.credits;
    } catch (error) {
      // The hold expires by itself after HOLD_TTL_SECONDS (then nothing is charged).
      log.error({ err: error, holdId }, "settling an unfinished feature run failed");
      return 0;
    }
  };

  async function* events(): AsyncGenerator<RunEvent, void, undefined> {
    try {
      yield { type: "start", requestId, heldCredits: held };
      let text = "";
      let usage: { inputTokens: number; outputTokens: number } | null = null;
      for await (const chunk of input.responder({
        feature,
        model,
        system: spec.system,
        messages,
        maxOutputTokens: spec.maxOutputTokens,
        signal,
      })) {
        signal.throwIfAborted();
        if (chunk.type === "text") {
          text += chunk.text;
          // Counted before it is yielded: a consumer that stops right after reading it has seen it.
          streamed += chunk.text;
          yield { type: "text", text: chunk.text };
          // The consumer may have cancelled while this piece was being sent.
          signal.throwIfAborted();
        } else {
          usage = { inputTokens: chunk.inputTokens, outputTokens: chunk.outputTokens };
        }
      }
      signal.throwIfAborted();

      const tokens = usage ?? { inputTokens: inputEstimate(), outputTokens: estimateTokens(text) };
      // Never more than held: the hold is the most the user agreed to spend on this request.
      const credits = Math.min(held, priceRequest({ feature, model, ...tokens }).credits);
      const result = await captureHold(accountId, holdId, credits);
      if (result.outcome !== "settled" && result.outcome !== "replay") {
        throw new Error(`capturing ${holdId}: ${result.outcome}`);
      }
      settled = true;
      await recordRequestTokens(accountId, requestId, tokens).catch((error: unknown) =>
        log.error({ err: error, usageRequestId: requestId }, "recording a feature run's tokens failed"),
      );
      yield { type: "done", requestId, credits: result.credits, ...tokens, balance: result.balance };
    } catch (error) {
      const credits = await settleUnfinished();
      if (signal.aborted) return;
      log.error({ err: error, usageRequestId: requestId }, "feature run failed");
      yield {
        type: "error",
        requestId,
        credits,
        message:
          credits > 0
            ? `The AI model did not finish this request. You were charged only for the part shown (${credits} credit${credits === 1 ? "" : "s"}); try again.`
            : "The AI model did not finish this request. It was not charged; try again.",
      };
    } finally {
      // Also reached when the consumer stops reading between two events.
      await settleUnfinished();
    }
  }

  const stream = events();
  const originalReturn = stream.return.bind(stream);
  // Stopping early (the route's stream cancelled, or never read) aborts the model and settles the hold
  // (free if nothing was streamed), even when the generator never started and so would not run its finally.
  stream.return = async (value) => {
    abort.abort(new DOMException("The request was cancelled.", "AbortError"));
    try {
      return await originalReturn(value);
    } finally {
      await settleUnfinished();
    }
  };

  return { requestId, holdId, heldCredits: held, events: stream };
}
