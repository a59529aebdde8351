/**
 * The AI features offered in the app and how big a request may be. Plain data
 * and pure functions (no server imports): the features page shows the same
 * costs the route handler holds and captures.
 */
import { priceRequest, type FeatureId, type ModelId } from "@/lib/credits/shared";

export const aiFeatureIds = ["code_generation", "chat"] as const satisfies readonly FeatureId[];
export type AiFeatureId = (typeof aiFeatureIds)[number];

export interface ChatMessage {
  role: "user" | "assistant";
  content: string;
}

export interface AiFeature {
  id: AiFeatureId;
  title: string;
  /** Most tokens the model may write for one request (the endpoint's max_tokens). */
  maxOutputTokens: number;
  system: string;
}

export const aiFeatures: Record<AiFeatureId, AiFeature> = {
  code_generation: {
    id: "code_generation",
    title: "Code generation",
    maxOutputTokens: 2048,
    system: "You are a coding assistant. Answer with the code asked for, in a fenced block, and one or two lines on how to use it.",
  },
  chat: {
    id: "chat",
    title: "Chat",
    maxOutputTokens: 1024,
    system: "You are a helpful assistant for programmers. Answer briefly and precisely.",
  },
};

/** All the text of one request (the conversation so far included), in characters. */
export const MAX_PROMPT_CHARS = 12_000;
export const MAX_MESSAGES = 20;

export function isAiFeature(value: string): value is AiFeatureId {
  return (aiFeatureIds as readonly string[]).includes(value);
}

/** A rough token count (about 4 characters a token) for when the endpoint reports none. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * An upper bound of a request's input tokens: 2 characters a token (code
 * tokenizes denser than prose) plus room for the system prompt and message
 * framing, so the hold covers whatever the endpoint counts.
 */
export function maxInputTokens(feature: AiFeatureId, messages: readonly ChatMessage[]): number {
  const chars = messages.reduce((n, m) => n + m.content.length, aiFeatures[feature].system.length);
  return Math.ceil(chars / 2) + 16 * (messages.length + 1);
}

/** What a request could cost at most: the rate card at its max tokens. This is what is held. */
export function maxCredits(feature: AiFeatureId, model: ModelId, messages: readonly ChatMessage[]): number {
  return priceRequest({
    feature,
    model,
    inputTokens: maxInputTokens(feature, messages),
    outputTokens: aiFeatures[feature].maxOutputTokens,
  }).credits;
}
