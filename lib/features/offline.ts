import type { Responder } from "./responder";

/** Pause between streamed words, so the demo reads like a model writing. */
const WORD_DELAY_MS = 60;

const DEMO_NOTE =
  "(Demo answer: no AI endpoint is configured on this server, so this is a canned reply from the built-in offline responder. Credits are metered exactly as for a real model.)\n\n";

const codeAnswer = (prompt: string) => `Here is a small, tested starting point for “${clip(prompt)}”:

\`\`\`ts
/** Splits an array into chunks of at most \`size\` items. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError("size must be a whole number ≥ 1");
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
\`\`\`

Call it as \`chunk([1, 2, 3, 4, 5], 2)\` to get \`[[1, 2], [3, 4], [5]]\`. Configure AI_BASE_URL to get code written for your actual request.`;

const chatAnswer = (prompt: string) => `You asked: “${clip(prompt)}”.

A good way to approach most programming questions: first state the smallest example that shows the problem, then check your assumptions one at a time (inputs, types, the versions of your tools), and finally write a test that fails before your fix and passes after it. If you share the exact error message and the code around it, a configured model can give you a specific answer.`;

function clip(text: string) {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > 80 ? `${line.slice(0, 77)}…` : line || "your request";
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * The built-in responder used when no AI endpoint is configured: it says
 * plainly that it is a demo and streams a canned but sensible answer, word by
 * word. Token counts are left to the runner's estimate.
 */
export const offlineResponder: Responder = async function* ({ feature, messages, signal }) {
  const prompt = messages.findLast((m) => m.role === "user")?.content ?? "";
  const text = DEMO_NOTE + (feature === "code_generation" ? codeAnswer(prompt) : chatAnswer(prompt));
  for (const piece of text.match(/\S+\s*|\s+/g) ?? []) {
    await sleep(WORD_DELAY_MS, signal);
    yield { type: "text", text: piece };
  }
};
