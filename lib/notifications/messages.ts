/**
 * The e-mails users expect (issue #19 item 6), as small pure functions: facts
 * in, a MailMessage out, with a plain-text and an HTML part that say the same.
 * Queued by the code that causes them (lib/notifications notify, purchases'
 * fulfil, the Pro invoice's allowance), in its transaction.
 */
import "server-only";
import { formatUsdExact } from "@/lib/credits/shared";
import { escapeHtml, mailLayout, type MailMessage } from "@/lib/mail";

const whole = new Intl.NumberFormat("en-US");

export interface ReceiptFacts {
  to: string;
  /** "Credit package", "Custom amount", "Auto-refill", "Pro plan renewal". */
  description: string;
  date: Date;
  /** The buyer's zone (users.time_zone): the date is the one on their calendar. */
  timeZone: string;
  amountCents: number;
  credits: number;
  /** "Visa •••• 4242", or null when not known. */
  card: string | null;
  /** The purchase id, or the Stripe invoice id of a Pro renewal. */
  reference: string;
  /** Where the receipt (or the billing page) is, on APP_URL. */
  link: { label: string; href: string };
}

/** A receipt after a purchase, an auto-refill or a Pro renewal. Never optional. */
export function receiptMail(f: ReceiptFacts): MailMessage {
  const amount = formatUsdExact(f.amountCents);
  const credits = `${whole.format(f.credits)} credits`;
  const lines: Array<[string, string]> = [
    ["Date", `${new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: f.timeZone }).format(f.date)} (${f.timeZone})`],
    ["Purchase", f.description],
    ["Credits", credits],
    ["Amount", amount],
    ["Card", f.card ?? "—"],
    ["Reference", f.reference],
  ];
  const text = [
    `Thanks for your purchase. ${amount} was charged${f.card ? ` to your ${f.card}` : ""} for ${credits}.`,
    "",
    ...lines.map(([k, v]) => `${k}: ${v}`),
    "",
    `${f.link.label}: ${f.link.href}`,
  ].join("\n");
  const table = lines.map(([k, v]) => `${escapeHtml(k)}: <strong>${escapeHtml(v)}</strong>`).join("<br>");
  return {
    to: f.to,
    subject: `Your receipt: ${credits} for ${amount}`,
    text,
    html: mailLayout({
      paragraphs: [escapeHtml(`Thanks for your purchase. ${amount} was charged${f.card ? ` to your ${f.card}` : ""} for ${credits}.`), table],
      action: f.link,
    }),
    category: "receipt",
  };
}

/**
 * An in-app notice that is also mailed (auto-refill paused or failed, a disputed
 * payment, low balance): its title as the subject, its body (the reason and
 * what to do) as the text, and a link to where it is fixed. Optional mail.
 */
export function noticeMail(n: { to: string; title: string; body: string; href: string }): MailMessage {
  return {
    to: n.to,
    subject: n.title,
    text: `${n.body}\n\nOpen Credits: ${n.href}\n\nYou can turn these e-mails off in Settings › Account › Notifications.`,
    html: mailLayout({
      paragraphs: [escapeHtml(n.body), escapeHtml("You can turn these e-mails off in Settings › Account › Notifications.")],
      action: { label: "Open Credits", href: n.href },
    }),
    category: "notice",
  };
}

/**
 * The low-balance warning, once each time the balance falls below its
 * threshold (lib/notifications/low-balance.ts). Optional mail ("Low balance").
 */
export function lowBalanceMail(f: { to: string; balance: number; threshold: number; href: string }): MailMessage {
  const balance = `${whole.format(f.balance)} credit${f.balance === 1 ? "" : "s"}`;
  const body =
    f.balance <= 0
      ? "Your credit balance is 0: requests that use credits are refused until you buy more. You can buy credits, or turn on auto-refill, in Settings › Billing."
      : `Your credit balance is ${balance}, below your low-balance threshold of ${whole.format(f.threshold)} credits. You can buy credits, or turn on auto-refill, in Settings › Billing.`;
  return noticeMail({ to: f.to, title: f.balance <= 0 ? "You are out of credits" : "Your credit balance is low", body, href: f.href });
}
