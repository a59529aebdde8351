import type { ModelId } from "@/lib/credits/shared";
import type { AiFeatureId, ChatMessage } from "./catalog";

export interface ResponderInput {
  feature: AiFeatureId;
  model: ModelId;
  system: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  /** Aborted when the user cancels or leaves: stop at once and throw. */
  signal: AbortSignal;
}

/** What a responder streams: pieces of text, and at most once the token counts the endpoint measured. */
export type ResponderChunk = { type: "text"; text: string } | { type: "usage"; inputTokens: number; outputTokens: number };

/** Produces the answer to one request, streamed. Throws when it fails or is aborted. */
export type Responder = (input: ResponderInput) => AsyncIterable<ResponderChunk>;
