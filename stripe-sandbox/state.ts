/**
 * The sandbox's memory: Stripe objects by id, kept in insertion order (lists
 * are newest first), plus what Stripe knows but does not show (which test card
 * a PaymentMethod is, whether it was set up for off-session use). Optionally
 * persisted as one JSON file so `npm run dev` restarts keep customers and cards.
 *
 * A new resource adds a collection here and a file under resources/.
 */
import { existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type Stripe from "stripe";
import type { CardBehaviour } from "./test-cards";

export interface CardRecord {
  behaviour: CardBehaviour;
  /** Set once a SetupIntent or a payment with setup_future_usage authenticated it. */
  offSessionReady: boolean;
}

/** What the sandbox remembers about an invoice beyond Stripe's fields. */
export interface InvoiceRecord {
  /** The PaymentIntents of its payment attempts, newest last. */
  paymentIntents: string[];
}

/** An intent waiting on the sandbox's "complete authentication" page. */
export interface PendingAuthentication {
  kind: "payment_intent" | "setup_intent";
  intent: string;
  /** Unguessable part of the page's URL, as Stripe's 3DS pages carry one. */
  token: string;
  /** Where the page sends the customer back to, if the app gave a return_url. */
  returnUrl: string | null;
}

export interface SandboxData {
  customers: Record<string, Stripe.Customer>;
  paymentMethods: Record<string, Stripe.PaymentMethod>;
  setupIntents: Record<string, Stripe.SetupIntent>;
  paymentIntents: Record<string, Stripe.PaymentIntent>;
  charges: Record<string, Stripe.Charge>;
  refunds: Record<string, Stripe.Refund>;
  disputes: Record<string, Stripe.Dispute>;
  events: Record<string, Stripe.EventBase>;
  cards: Record<string, CardRecord>;
  authentications: Record<string, PendingAuthentication>;
  products: Record<string, Stripe.Product>;
  prices: Record<string, Stripe.Price>;
  subscriptions: Record<string, Stripe.Subscription>;
  invoices: Record<string, Stripe.Invoice>;
  invoiceRecords: Record<string, InvoiceRecord>;
  invoicePayments: Record<string, Stripe.InvoicePayment>;
  testClocks: Record<string, Stripe.TestHelpers.TestClock>;
}

function empty(): SandboxData {
  return {
    customers: {},
    paymentMethods: {},
    setupIntents: {},
    paymentIntents: {},
    charges: {},
    refunds: {},
    disputes: {},
    events: {},
    cards: {},
    authentications: {},
    products: {},
    prices: {},
    subscriptions: {},
    invoices: {},
    invoiceRecords: {},
    invoicePayments: {},
    testClocks: {},
  };
}

/** Which collection an id belongs to, by Stripe's id prefixes (used by `expand`). */
const PREFIXES: Record<string, keyof SandboxData> = {
  cus: "customers",
  pm: "paymentMethods",
  seti: "setupIntents",
  pi: "paymentIntents",
  ch: "charges",
  py: "charges",
  re: "refunds",
  dp: "disputes",
  evt: "events",
  prod: "products",
  price: "prices",
  sub: "subscriptions",
  in: "invoices",
  inpay: "invoicePayments",
  clock: "testClocks",
};

export class SandboxState {
  readonly data: SandboxData;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly file?: string) {
    this.data = file && existsSync(file) ? load(file) : empty();
  }

  /** Any stored object by its id, or undefined. */
  find(id: string): object | undefined {
    const collection = PREFIXES[id.split("_")[0] ?? ""];
    if (!collection) return undefined;
    const map: Record<string, object> = this.data[collection];
    return map[id];
  }

  /** Writes soon, coalescing a burst of changes into one write. */
  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => this.flush(), 50);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    // Write then rename, so a crash mid-write never leaves half a file.
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function load(file: string): SandboxData {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
    // Collections added by later versions start empty in older files.
    return { ...empty(), ...(parsed as Partial<SandboxData>) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.warn(`stripe sandbox: ignoring unreadable state file ${file} (${reason}); starting empty`);
    return empty();
  }
}
