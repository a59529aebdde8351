import { maxCredits, type AiFeatureId, type ChatMessage } from "@/lib/features/catalog";
import type { ModelId } from "@/lib/credits/shared";

/** The most this request can cost (what is held while it runs). */
export function CostNote({ id, feature, model, messages }: { id: string; feature: AiFeatureId; model: ModelId; messages: ChatMessage[] }) {
  const most = maxCredits(feature, model, messages);
  return (
    <p id={id} className="text-xs text-zinc-600 dark:text-zinc-400">
      Up to {most} credit{most === 1 ? "" : "s"} held while it runs; you pay only for the tokens used.
    </p>
  );
}
