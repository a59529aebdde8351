/**
 * Accounts for fault tests, made the way the app makes them: a user row, the
 * credit account lib/credits creates on first use, an API key from
 * lib/api-keys, credits through the ledger's own grant. Import this module
 * only after startFaultHarness() (it reads the configuration the harness sets).
 */
import { createApiKey } from "@/lib/api-keys";
import { grantCredits } from "@/lib/credits";
import { createUser, ledgerProblems } from "../../tests/support/accounts";

export { createUser, ledgerProblems };

/** A user with an account, an API key and `credits` (a promo grant) to start with. */
export async function createApiUser(label = "faults", credits = 0) {
  const { user, accountId } = await createUser(label);
  const { key } = await createApiKey(user.id, `${label} key`);
  if (credits > 0) await grantCredits({ accountId, source: "promo", amount: credits });
  return { user, accountId, key };
}
