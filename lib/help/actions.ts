"use server";

// The help page's "Was this helpful?".

import { z } from "zod";
import { userAction } from "@/lib/actions";
import { helpAnswerIds } from "@/lib/help/answers";
import { saveHelpFeedback } from "@/lib/help/feedback";

const feedbackSchema = z.object({
  answerId: z.enum(helpAnswerIds, { error: "Unknown question." }),
  helpful: z.enum(["yes", "no"], { error: "Choose Yes or No." }),
});

/** "Was this helpful?": idempotent per user and question; a second answer replaces the first. */
export const sendHelpFeedback = userAction(feedbackSchema, async ({ answerId, helpful }, { user }) => {
  await saveHelpFeedback(user.id, answerId, helpful === "yes");
  return { status: "ok" };
});
