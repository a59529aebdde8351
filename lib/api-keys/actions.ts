"use server";

// Settings › API keys: create (the secret is shown once), set a key's monthly limit, and revoke.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiKeyNameSchema, createApiKey, monthlyLimitSchema, revokeApiKey, setApiKeyLimit } from "@/lib/api-keys";
import { userAction } from "@/lib/actions";
import type { FormState } from "@/lib/form-state";

/** A key just created: the one response that carries the secret itself. */
export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  key: string;
}

/** FormState has no slot for data, so the new key rides beside an "ok" state. */
export type CreateApiKeyState = FormState | { status: "ok"; message: string; created: CreatedApiKey };

export const createApiKeyAction = userAction(
  // Optional: a form without the field creates a key with no limit.
  z.object({ name: apiKeyNameSchema, monthlyLimit: monthlyLimitSchema.optional() }),
  async ({ name, monthlyLimit }, { user }) => {
    const { key, apiKey } = await createApiKey(user.id, name, monthlyLimit ?? null);
    revalidatePath("/settings/api-keys");
    const state: CreateApiKeyState = {
      status: "ok",
      message: `Created the key "${apiKey.name}".`,
      created: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, key },
    };
    return state;
  },
);

export const setApiKeyLimitAction = userAction(
  z.object({ id: z.string().min(1).max(100), monthlyLimit: monthlyLimitSchema }),
  async ({ id, monthlyLimit }, { user }) => {
    const key = await setApiKeyLimit(user.id, id, monthlyLimit);
    revalidatePath("/settings/api-keys");
    return {
      status: "ok",
      message:
        monthlyLimit === null
          ? `The key "${key.name}" has no monthly limit now.`
          : `The key "${key.name}" may spend ${monthlyLimit.toLocaleString("en-US")} credits a month.`,
    };
  },
);

export const revokeApiKeyAction = userAction(
  z.object({ id: z.string().min(1).max(100) }),
  async ({ id }, { user }) => {
    const revoked = await revokeApiKey(user.id, id);
    revalidatePath("/settings/api-keys");
    return { status: "ok", message: `Revoked the key "${revoked.name}".` };
  },
);
