/**
 * Issue #19 item 6: the receipts' figures, as a user reads them in both parts
 * of the e-mail: a package, a custom amount and an auto-refill.
 */
import { describe, expect, it } from "vitest";
import { noticeMail, receiptMail } from "@/lib/notifications/messages";

const date = new Date("2026-12-02T10:30:00Z");
const link = (id: string) => ({ label: "View your receipt", href: `https://credits.example.com/settings/billing/receipts/${id}` });

describe("receipt e-mails", () => {
  it("a $20 package: 500 credits, $20.00, the card, the date and the receipt link", () => {
    const mail = receiptMail({ to: "ada@example.com", description: "Credit package", date, timeZone: "UTC", amountCents: 2000, credits: 500, card: "Visa •••• 4242", reference: "pur_1", link: link("pur_1") });
    expect(mail).toMatchObject({ to: "ada@example.com", category: "receipt", subject: "Your receipt: 500 credits for $20.00" });
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("$20.00");
      expect(part).toContain("500 credits");
      expect(part).toContain("Visa •••• 4242");
      expect(part).toContain("December 2, 2026");
      expect(part).toContain("https://credits.example.com/settings/billing/receipts/pur_1");
      expect(part).toContain("Credit package");
    }
  });

  it("dated in the buyer's zone: 20:30 UTC on December 2 is December 3 in Auckland", () => {
    const late = new Date("2026-12-02T20:30:00Z");
    const mail = receiptMail({ to: "ada@example.com", description: "Credit package", date: late, timeZone: "Pacific/Auckland", amountCents: 2000, credits: 500, card: null, reference: "pur_4", link: link("pur_4") });
    expect(mail.text).toContain("Date: December 3, 2026 (Pacific/Auckland)");
    expect(mail.html).toContain("December 3, 2026 (Pacific/Auckland)");
    const utc = receiptMail({ to: "ada@example.com", description: "Credit package", date: late, timeZone: "UTC", amountCents: 2000, credits: 500, card: null, reference: "pur_4", link: link("pur_4") });
    expect(utc.text).toContain("Date: December 2, 2026 (UTC)");
  });

  it("a custom amount of 1,234 credits: $49.36", () => {
    const mail = receiptMail({ to: "ada@example.com", description: "Custom amount", date, timeZone: "UTC", amountCents: 4936, credits: 1234, card: "Mastercard •••• 4444", reference: "pur_2", link: link("pur_2") });
    expect(mail.subject).toBe("Your receipt: 1,234 credits for $49.36");
    expect(mail.text).toContain("Amount: $49.36");
    expect(mail.text).toContain("Credits: 1,234 credits");
    expect(mail.text).toContain("Card: Mastercard •••• 4444");
    expect(mail.html).toContain("Custom amount");
  });

  it("an auto-refill of 2,500 credits: $100.00, never optional", () => {
    const mail = receiptMail({ to: "ada@example.com", description: "Auto-refill", date, timeZone: "UTC", amountCents: 10_000, credits: 2500, card: "Visa •••• 4242", reference: "pur_3", link: link("pur_3") });
    expect(mail.category).toBe("receipt");
    expect(mail.subject).toBe("Your receipt: 2,500 credits for $100.00");
    expect(mail.text).toContain("$100.00 was charged to your Visa •••• 4242 for 2,500 credits.");
  });

  it("what a user typed never becomes markup in the HTML part", () => {
    const mail = noticeMail({ to: "a@example.com", title: "Auto-refill is paused", body: "Your card <b>declined</b> & more.", href: "https://credits.example.com/settings/billing" });
    expect(mail.html).toContain("Your card &lt;b&gt;declined&lt;/b&gt; &amp; more.");
    expect(mail.text).toContain("Your card <b>declined</b> & more.");
    expect(mail.category).toBe("notice");
  });
});
