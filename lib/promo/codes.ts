import "server-only";
import { and, desc, eq, isNull } from "drizzle-orm";
import { promoCodes, type PromoCode, type User } from "@/db/schema";
import { now } from "@/lib/credits";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createCodeSchema, type CreateCodeInput } from "./schemas";

export type PromoStatus = "active" | "expired" | "used up" | "disabled";

export function promoStatus(code: Pick<PromoCode, "disabledAt" | "expiresAt" | "redemptions" | "maxRedemptions">, at = now()): PromoStatus {
  if (code.disabledAt) return "disabled";
  if (code.expiresAt && code.expiresAt <= at) return "expired";
  if (code.redemptions >= code.maxRedemptions) return "used up";
  return "active";
}

/** Support creates a code; its name is taken once, whatever its case. */
export async function createPromoCode(admin: Pick<User, "id">, input: CreateCodeInput): Promise<PromoCode> {
  const { code, credits, creditsValidDays, maxRedemptions, expiresOn } = createCodeSchema.parse(input);
  // Valid through the end of the chosen day (UTC).
  const expiresAt = expiresOn ? new Date(Date.parse(`${expiresOn}T00:00:00Z`) + 86_400_000) : null;
  if (expiresAt && expiresAt <= now()) throw new AppError("invalid_request", "Choose today or a later date.", { param: "expiresOn", status: 422 });
  const [row] = await db
    .insert(promoCodes)
    .values({ code, credits, creditsValidDays, maxRedemptions, expiresAt, createdBy: admin.id, createdAt: now() })
    .onConflictDoNothing({ target: promoCodes.code })
    .returning();
  if (!row) throw new AppError("invalid_request", `The code ${code} exists already. Choose another.`, { param: "code", status: 422 });
  return row;
}

/** Stops a code from being redeemed; what was granted stays. Null when there is no such code. */
export async function disablePromoCode(id: number): Promise<{ changed: boolean; code: string } | null> {
  const [changed] = await db
    .update(promoCodes)
    .set({ disabledAt: now() })
    .where(and(eq(promoCodes.id, id), isNull(promoCodes.disabledAt)))
    .returning({ code: promoCodes.code });
  if (changed) return { changed: true, code: changed.code };
  const [existing] = await db.select({ code: promoCodes.code }).from(promoCodes).where(eq(promoCodes.id, id));
  return existing ? { changed: false, code: existing.code } : null;
}

/** Every code, newest first, for the support console. */
export function listPromoCodes(): Promise<PromoCode[]> {
  return db.select().from(promoCodes).orderBy(desc(promoCodes.createdAt), desc(promoCodes.id)).limit(500);
}
