import "server-only";
import type { ModelId } from "@/lib/credits/shared";
import type { Responder, ResponderChunk } from "./responder";

export interface OpenAiConfig {
  baseUrl: string;
  apiKey?: string;
  /** The endpoint's name for each rate-card model. */
  modelName: (model: ModelId) => string;
}

/**
 * Streams from an OpenAI-compatible `POST /chat/completions` (server-sent
 * events), asking for the token counts at the end (`include_usage`). Any
 * error status or a stream that ends without `[DONE]` throws, so the request
 * is released rather than charged.
 */
export function openAiResponder(config: OpenAiConfig): Responder {
  return async function* ({ model, system, messages, maxOutputTokens, signal }) {
    const response = await fetch(`${config.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      signal,
      headers: {
        "content-type": "application/json",
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.modelName(model),
        stream: true,
        stream_options: { include_usage: true },
        max_tokens: maxOutputTokens,
        messages: [{ role: "system", content: system }, ...messages],
      }),
    });
    if (!response.ok || !response.body) {
      throw new Error(`AI endpoint answered ${response.status} ${response.statusText}`);
    }

    const decoder = new TextDecoder();
    let buffer = "";
    let done = false;
    const reader = response.body.getReader();
    for (;;) {
      const { done: ended, value } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") {
          done = true;
          continue;
        }
        yield* chunksOf(data);
      }
    }
    if (!done) throw new Error("The AI endpoint's stream ended early.");
  };
}

function* chunksOf(data: string): Generator<ResponderChunk> {
  let event: {
    choices?: { delta?: { content?: string | null } }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
    error?: { message?: string };
  };
  try {
    event = JSON.parse(data);
  } catch {
    return;
  }
  if (event.error) throw new Error(`AI endpoint error: ${event.error.message ?? "unknown"}`);
  const text = event.choices?.[0]?.delta?.content;
  if (text) yield { type: "text", text };
  const usage = event.usage;
  if (usage && Number.isSafeInteger(usage.prompt_tokens) && Number.isSafeInteger(usage.completion_tokens)) {
    yield { type: "usage", inputTokens: usage.prompt_tokens!, outputTokens: usage.completion_tokens! };
  }
}
