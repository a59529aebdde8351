/**
 * When the "Purchase More Credits" panel opens by itself (DESIGN.md §5, Low
 * balance). Pure, and shared by the server and the browser.
 */

/** The threshold when auto-refill is off. */
export const DEFAULT_LOW_BALANCE_THRESHOLD = 50;

/**
 * Whether a welcome grant of this size is warned of before it runs out: the panel and the
 * e-mail warn when the balance falls from at or above the threshold to below it, so a grant
 * below the threshold would be spent to zero without a word. 0 (no grant) is fine too.
 */
export function welcomeWarnsBeforeZero(welcomeCredits: number): boolean {
  return welcomeCredits === 0 || welcomeCredits >= DEFAULT_LOW_BALANCE_THRESHOLD;
}

/** sessionStorage key: the balance at which the user last dismissed the panel. */
export const LOW_BALANCE_DISMISSED_KEY = "credits:low-balance-dismissed-at";

export interface AutoRefillSetting {
  enabled: boolean;
  /** Refill when the balance falls below this. */
  threshold: number;
}

export function lowBalanceThreshold(autoRefill?: AutoRefillSetting | null): number {
  return autoRefill?.enabled ? autoRefill.threshold : DEFAULT_LOW_BALANCE_THRESHOLD;
}

export interface PanelState {
  /** Already open: never stacked twice. */
  open: boolean;
}

export interface LowBalanceContext {
  threshold: number;
  autoRefillOn: boolean;
  /** An auto-refill has been started and its credits have not arrived yet. */
  refillPending: boolean;
  /** The balance at which the panel was dismissed in this browser session, or null. */
  dismissedAt: number | null;
  /** True for the balance the page was loaded with, false for a live change. */
  isInitial: boolean;
}

/**
 * Whether the panel should open for a balance going from `previousBalance`
 * to `nextBalance` (on page load, `previousBalance` is null).
 *
 * - Never while it is open.
 * - On page load: only at zero, and not when it was dismissed at zero in this session.
 * - Live: when a debit takes the balance from at or above the threshold to
 *   below it, or from above zero to zero.
 * - Not while auto-refill is on and a refill is on its way, unless at zero.
 * - Once dismissed in this session: again only when the balance is lower than
 *   it was then, or hits zero.
 */
export function shouldOpenPanel(
  state: PanelState,
  previousBalance: number | null,
  nextBalance: number,
  { threshold, autoRefillOn, refillPending, dismissedAt, isInitial }: LowBalanceContext,
): boolean {
  if (state.open) return false;
  const atZero = nextBalance <= 0;

  if (isInitial || previousBalance === null) return atZero && (dismissedAt === null || dismissedAt > 0);

  const crossed = previousBalance >= threshold && nextBalance < threshold;
  const hitZero = atZero && previousBalance > 0;
  if (!crossed && !hitZero) return false;

  if (autoRefillOn && refillPending && !atZero) return false;
  if (dismissedAt !== null && nextBalance >= dismissedAt && !hitZero) return false;
  return true;
}

/** Reads the dismissal from sessionStorage (null when none, or when storage is unavailable). */
export function readDismissedAt(storage: Pick<Storage, "getItem"> | undefined): number | null {
  try {
    const raw = storage?.getItem(LOW_BALANCE_DISMISSED_KEY);
    if (raw == null) return null;
    const value = Number(raw);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Whether a live change ends an earlier dismissal: credits arrived (a
 * purchase, a refill, an allowance, a support grant) and lifted the balance
 * back to the threshold, so the next time it runs low is a new episode.
 */
export function endsDismissal(previousBalance: number, nextBalance: number, threshold: number): boolean {
  return nextBalance > previousBalance && nextBalance >= threshold;
}

export function clearDismissed(storage: Pick<Storage, "removeItem"> | undefined): void {
  try {
    storage?.removeItem(LOW_BALANCE_DISMISSED_KEY);
  } catch {
    // Storage unavailable: nothing was remembered either.
  }
}

export function writeDismissedAt(storage: Pick<Storage, "setItem"> | undefined, balance: number): void {
  try {
    storage?.setItem(LOW_BALANCE_DISMISSED_KEY, String(balance));
  } catch {
    // Private mode or full storage: the panel may open again, which is harmless.
  }
}
