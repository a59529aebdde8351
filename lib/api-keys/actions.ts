"use server";

// Settings › API keys: create (the secret is shown once) and revoke.

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { apiKeyNameSchema, createApiKey, revokeApiKey } from "@/lib/api-keys";
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

export const createApiKeyAction = userAction(z.object({ name: apiKeyNameSchema }), async ({ name }, { user }) => {
  const { key, apiKey } = await createApiKey(user.id, name);
  revalidatePath("/settings/api-keys");
  const state: CreateApiKeyState = {
    status: "ok",
    message: `Created the key "${apiKey.name}".`,
    created: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix, key },
  };
  return state;
});

export const revokeApiKeyAction = userAction(
  z.object({ id: z.string().min(1).max(100) }),
  async ({ id }, { user }) => {
    const revoked = await revokeApiKey(user.id, id);
    revalidatePath("/settings/api-keys");
    return { status: "ok", message: `Revoked the key "${revoked.name}".` };
  },
);
