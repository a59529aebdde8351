import "server-only";

/**
 * E-mail: queued in PostgreSQL inside the caller's transaction (queue.ts), sent by the jobs
 * over SMTP with retries (send.ts), pruned by housekeeping once sent. The way in for the rest
 * of the app.
 */
export { queueMail, type MailCategory, type MailMessage } from "./queue";
export { sendDueMail, MAX_ATTEMPTS, retryDelayMs, type SendReport } from "./send";
export { pruneSentMail, SENT_MAIL_RETENTION_DAYS } from "./retention";
export { appUrl, mailLayout, escapeHtml, testInboxUrl } from "./compose";
