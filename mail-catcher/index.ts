/**
 * The local mail catcher: a real SMTP server on loopback that keeps the messages the app sends
 * in test mode, and the "Test inbox" web page that shows them. Started by scripts/serve.ts when
 * SMTP_URL is unset (development, or a production build with SANDBOX_PAYMENTS=1), and by tests
 * as the real SMTP server they send to. The app reaches it only over SMTP (nodemailer).
 */
export { startMailCatcher, type MailCatcher, type MailCatcherOptions } from "./server";
export { MailStore, type CaughtMessage } from "./store";
