import "server-only";
import { refundToken, takeToken, type BucketRule } from "@/lib/rate-limit";

// Five failures per e-mail, then one more try a minute; an address (IP) gets more
// room because several people may share it.
const failuresPerEmail: BucketRule = { capacity: 5, refillPerSecond: 1 / 60 };
const failuresPerAddress: BucketRule = { capacity: 30, refillPerSecond: 1 / 10 };
// One password check per e-mail at a time, and after a wrong one a pause of 3 s: what a person
// retyping never notices, and what keeps a batch of guesses sent at once to one check. (Should a
// check die holding it, it comes back by itself as well.)
const oneAtATime: BucketRule = { capacity: 1, refillPerSecond: 1 / 3 };

/**
 * Runs a password check under the sign-in limits. Every token is taken
 * *before* the check, atomically, so a parallel batch of guesses cannot all
 * be checked while the first is still hashing: one check per e-mail runs at a
 * time (the others are "limited" at once), and its failure tokens are already
 * spent. A right password gives them back, so signing in costs nothing; a
 * wrong one keeps the e-mail's gate closed until it refills.
 */
export async function throttledSignIn<T>(who: { email: string; address: string }, check: () => Promise<T | null>): Promise<T | null | "limited"> {
  const gate = `signin:busy:${who.email}`;
  if (!(await takeToken(gate, oneAtATime)).allowed) return "limited";
  try {
    const limits: Array<[string, BucketRule]> = [
      [`signin:email:${who.email}`, failuresPerEmail],
      [`signin:ip:${who.address}`, failuresPerAddress],
    ];
    const taken: Array<[string, BucketRule]> = [];
    for (const [key, rule] of limits) {
      if (!(await takeToken(key, rule)).allowed) {
        await Promise.all([...taken, [gate, oneAtATime] as const].map(([k, r]) => refundToken(k, r)));
        return "limited";
      }
      taken.push([key, rule]);
    }
    const user = await check();
    if (user) await Promise.all([...taken, [gate, oneAtATime] as const].map(([k, r]) => refundToken(k, r)));
    return user;
  } catch (error) {
    // The check could not run (the database is down): it counts as nothing.
    await refundToken(gate, oneAtATime).catch(() => {});
    throw error;
  }
}
