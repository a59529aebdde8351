import { z } from "zod";
import { parse, readJson } from "@/lib/api/request";
import { handle } from "@/lib/api/respond";
import { requireUserForAction } from "@/lib/auth/session";
import { accountIdForUser } from "@/lib/credits";
import { modelIds } from "@/lib/credits/shared";
import { AppError } from "@/lib/errors";
import { bindLogContext, log } from "@/lib/log";
import { MAX_MESSAGES, MAX_PROMPT_CHARS, isAiFeature, responder, startFeatureRun, type RunEvent } from "@/lib/features";

export const dynamic = "force-dynamic";

const requestSchema = z
  .object({
    model: z.enum(modelIds, { error: `model must be one of ${modelIds.join(", ")}.` }),
    messages: z
      .array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().min(1).max(MAX_PROMPT_CHARS) }).strict())
      .min(1)
      .max(MAX_MESSAGES)
      .refine((m) => m[m.length - 1]?.role === "user", { error: "The last message must be the user's." })
      .refine((m) => m.reduce((n, x) => n + x.content.length, 0) <= MAX_PROMPT_CHARS, {
        error: `The conversation is longer than ${MAX_PROMPT_CHARS.toLocaleString("en-US")} characters. Start a new one.`,
      }),
  })
  .strict();

/**
 * Runs one AI feature request for the signed-in user and streams it as
 * NDJSON (one RunEvent a line). `[feature]` is a feature name from the rate
 * card (chat, code_generation), not an account-owned id: the account always
 * comes from the session. Answers 402 before streaming when credits are short.
 */
export function POST(request: Request, { params }: { params: Promise<{ feature: string }> }) {
  return handle(request, async () => {
    const user = await requireUserForAction();
    const { feature } = await params;
    if (!isAiFeature(feature)) throw new AppError("not_found", "No such feature.");
    const body = parse(requestSchema, await readJson(request));
    const run = await startFeatureRun({
      accountId: await accountIdForUser(user.id),
      feature,
      model: body.model,
      messages: body.messages,
      responder: responder(),
      signal: request.signal,
    });
    log.info({ feature, model: body.model, usageRequestId: run.requestId }, "feature run started");

    const encoder = new TextEncoder();
    const line = (event: RunEvent) => encoder.encode(`${JSON.stringify(event)}\n`);
    // Bound to this request's log context: the run's own log lines are written while the body streams.
    const stream = new ReadableStream<Uint8Array>({
      pull: bindLogContext(async (controller: ReadableStreamDefaultController<Uint8Array>) => {
        const next = await run.events.next();
        if (next.done) controller.close();
        else controller.enqueue(line(next.value));
      }),
      // The client went away or cancelled: abort the model and free the hold.
      cancel: bindLogContext(async () => {
        await run.events.return();
      }),
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "application/x-ndjson; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        // The usage log's id of this request (what a user quotes in a report); X-Request-Id is the log's.
        "X-Usage-Request-Id": run.requestId,
      },
    });
  });
}
