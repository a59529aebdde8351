import "server-only";
import type { Executor } from "@/db/client";
import { appUrl, escapeHtml, mailLayout, queueMail } from "@/lib/mail";
import { plans } from "@/lib/payments";
import { issueAuthToken } from "./tokens";

/** Queues the "verify your e-mail" message with a fresh single-use link (valid 48 hours). */
export async function sendVerificationMail(executor: Executor, user: { id: string; email: string; name: string | null }): Promise<void> {
  const token = await issueAuthToken(executor, { userId: user.id, purpose: "verify_email", email: user.email });
  const link = appUrl(`/verify-email?token=${token}`);
  const greeting = user.name ? `Hi ${user.name},` : "Hi,";
  const welcome = plans.free.welcomeCredits > 0 ? `Once it is verified, your ${plans.free.welcomeCredits} welcome credits are added to your account.` : "";
  await queueMail(executor, {
    to: user.email,
    category: "security",
    subject: "Verify your e-mail for Credits",
    text: `${greeting}

Please confirm that this is your e-mail address by opening this link (it works once, for 48 hours):

${link}
${welcome ? `\n${welcome}\n` : ""}
If you did not create a Credits account, ignore this message: nothing happens without the link.`,
    html: mailLayout({
      paragraphs: [
        escapeHtml(greeting),
        "Please confirm that this is your e-mail address. The link works once, for 48 hours.",
        ...(welcome ? [welcome] : []),
        "If you did not create a Credits account, ignore this message: nothing happens without the link.",
      ],
      action: { label: "Verify my e-mail", href: link },
    }),
  });
}

/** Queues the message that confirms a new address for an account (the change happens when it is opened). */
export async function sendEmailChangeMail(executor: Executor, user: { id: string; name: string | null }, newEmail: string): Promise<void> {
  const token = await issueAuthToken(executor, { userId: user.id, purpose: "change_email", email: newEmail });
  const link = appUrl(`/verify-email?token=${token}&change=1`);
  await queueMail(executor, {
    to: newEmail,
    category: "security",
    subject: "Confirm your new e-mail address for Credits",
    text: `Hi,

Someone asked to use this address for a Credits account. Open this link to confirm it (it works once, for 24 hours):

${link}

Until it is opened, the account keeps its current address. If this was not you, ignore this message.`,
    html: mailLayout({
      paragraphs: [
        "Hi,",
        "Someone asked to use this address for a Credits account. The link works once, for 24 hours.",
        "Until it is opened, the account keeps its current address. If this was not you, ignore this message.",
      ],
      action: { label: "Confirm this address", href: link },
    }),
  });
}
