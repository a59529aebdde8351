import "server-only";
import type { User } from "@/db/schema";
import { accountIdForUser } from "@/lib/credits";
import { testInboxUrl } from "@/lib/mail";
import { getAutoRefill, listCards, browserPaymentConfig, isSandbox } from "@/lib/payments";
import type { PanelData } from "./panel-types";

/** What the "Purchase More Credits" panel needs from the server, wherever it is shown. */
export async function loadPanelData(user: Pick<User, "id">): Promise<PanelData> {
  const accountId = await accountIdForUser(user.id);
  const [cards, refill] = await Promise.all([listCards(user.id), getAutoRefill(accountId)]);
  return {
    cards: cards.map((c) => ({ id: c.id, label: c.label, isDefault: c.isDefault, expMonth: c.expMonth, expYear: c.expYear })),
    autoRefill: {
      enabled: refill.enabled,
      chosen: refill.chosen,
      thresholdCredits: refill.thresholdCredits,
      refillCredits: refill.refillCredits,
      mode: refill.mode,
      targetBalance: refill.targetBalance,
      monthlyLimitCents: refill.monthlyLimitCents,
      paymentMethodId: refill.paymentMethodId,
      pausedReason: refill.pausedReason,
    },
    payment: browserPaymentConfig(),
    sandbox: isSandbox(),
    testInbox: testInboxUrl(),
  };
}
