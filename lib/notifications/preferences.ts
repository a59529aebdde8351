import "server-only";
import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { db } from "@/lib/db";
import { mailPreferences } from "@/db/schema";

/** The optional e-mails, each with its switch in Settings › Account › Notifications. */
export type MailTopic = "autoRefill" | "disputes" | "lowBalance" | "usageAlerts";
export type MailSwitches = Record<MailTopic, boolean>;

const ALL_ON: MailSwitches = { autoRefill: true, disputes: true, lowBalance: true, usageAlerts: true };

/** Which optional e-mail a notice kind is, if it is mailed at all (others stay in-app only). */
const topicOfKind: Record<string, MailTopic> = {
  auto_refill_paused: "autoRefill",
  auto_refill_limit: "autoRefill",
  auto_refill_card_removed: "autoRefill",
  payment_disputed: "disputes",
  payment_dispute_lost: "disputes",
  payment_dispute_won: "disputes",
  usage_alert_balance: "usageAlerts",
  usage_alert_daily: "usageAlerts",
};

export function mailTopicOf(kind: string): MailTopic | null {
  return topicOfKind[kind] ?? null;
}

export async function mailSwitches(userId: string, ex: Executor = db): Promise<MailSwitches> {
  const [row] = await ex.select().from(mailPreferences).where(eq(mailPreferences.userId, userId));
  return row ? { autoRefill: row.autoRefill, disputes: row.disputes, lowBalance: row.lowBalance, usageAlerts: row.usageAlerts } : ALL_ON;
}

export async function saveMailSwitches(userId: string, switches: MailSwitches): Promise<void> {
  const values = { ...switches, updatedAt: new Date() };
  await db.insert(mailPreferences).values({ userId, ...values }).onConflictDoUpdate({ target: mailPreferences.userId, set: values });
}
