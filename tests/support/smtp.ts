import { afterAll, beforeAll } from "vitest";
import { startMailCatcher, type MailCatcher } from "@/mail-catcher";

/**
 * A real SMTP server for one test file (the mail catcher on a free port, no web page): mail is
 * sent to it by the real jobs code over SMTP and read back from what it received.
 */
export function smtpServerForFile(): { readonly catcher: MailCatcher } {
  const holder = {} as { catcher: MailCatcher };
  beforeAll(async () => {
    holder.catcher = await startMailCatcher({ smtpPort: 0 });
  });
  afterAll(async () => {
    await holder.catcher?.close();
  });
  return holder;
}
