import "server-only";
import { env } from "@/lib/env";
import type { ModelId } from "@/lib/credits/shared";
import { offlineResponder } from "./offline";
import { openAiResponder } from "./openai";
import type { Responder } from "./responder";

export * from "./catalog";
export { startFeatureRun, type FeatureRun, type RunEvent } from "./runner";
export type { Responder, ResponderChunk } from "./responder";

const modelNames: Record<ModelId, string | undefined> = {
  "gpt-5-mini": env.AI_MODEL_GPT_5_MINI,
  "claude-sonnet-4.5": env.AI_MODEL_CLAUDE_SONNET_4_5,
  "claude-opus-4.1": env.AI_MODEL_CLAUDE_OPUS_4_1,
};

/** Whether answers come from a configured endpoint (else the offline demo responder). */
export const aiEndpointConfigured = Boolean(env.AI_BASE_URL);

/** The configured OpenAI-compatible endpoint, or the built-in offline demo. */
export function responder(): Responder {
  if (!env.AI_BASE_URL) return offlineResponder;
  return openAiResponder({
    baseUrl: env.AI_BASE_URL,
    apiKey: env.AI_API_KEY,
    modelName: (model) => modelNames[model] ?? model,
  });
}
