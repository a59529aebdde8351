/** The serializable data the purchase panel is rendered with (loaded by panel-data.ts). */
export interface PanelCard {
  id: string;
  /** "Visa •••• 4242" */
  label: string;
  isDefault: boolean;
  expMonth: number;
  expYear: number;
}

export interface PanelAutoRefill {
  enabled: boolean;
  /** False until the user turned auto-refill on or off once: the box then starts checked. */
  chosen: boolean;
  thresholdCredits: number;
  refillCredits: number;
  /** "target": a refill buys what brings the available balance back up to `targetBalance`. */
  mode: "fixed" | "target";
  targetBalance: number | null;
  monthlyLimitCents: number;
  paymentMethodId: string | null;
  pausedReason: string | null;
}

export interface PanelData {
  cards: PanelCard[];
  autoRefill: PanelAutoRefill;
  payment: { publishableKey: string; sandboxUrl: string | null };
  /** Payments go to the local sandbox: say "Test mode — no real charges". */
  sandbox: boolean;
  /** The local mail catcher's page while it runs (test mode): linked as "Test inbox". */
  testInbox: string | null;
}

/** Query parameters of the page the card's authentication page sends the browser back to. */
export const RETURN_PARAMS = ["purchase", "auto_refill", "payment_intent", "payment_intent_client_secret", "redirect_status"];
