import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { MailStore } from "./store";
import { inboxHandler } from "./web";

export interface MailCatcherOptions {
  /** SMTP port on 127.0.0.1 (0: any free port). */
  smtpPort?: number;
  /** Web page port on 127.0.0.1 (0: any free port); undefined: no web page (tests that read the store). */
  webPort?: number;
}

export interface MailCatcher {
  store: MailStore;
  /** smtp://127.0.0.1:<port> — what the app's SMTP_URL is set to. */
  smtpUrl: string;
  /** The Test inbox page, when started with a web port. */
  webUrl?: string;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? "")).filter(Boolean);
}

/**
 * A real SMTP server on loopback that keeps what it receives (it delivers nothing onward), and
 * a small web page listing the messages. Accepts any login or none: it is reachable from this
 * machine only and holds test mail only.
 */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const store = new MailStore();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Credits mail catcher (test mail only)",
    logger: false,
    size: 5 * 1024 * 1024,
    onAuth: (_auth, _session, callback) => callback(null, { user: "test" }),
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = addresses(parsed.to);
          store.add({
            id: randomUUID(),
            receivedAt: new Date(),
            from: addresses(parsed.from)[0] ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
            to: to.length ? to : session.envelope.rcptTo.map((r) => r.address),
            subject: parsed.subject ?? "(no subject)",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort ?? 0, "127.0.0.1", () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let web: http.Server | undefined;
  if (options.webPort !== undefined) {
    web = http.createServer(inboxHandler(store));
    await new Promise<void>((resolve, reject) => {
      web!.once("error", reject);
      web!.listen(options.webPort, "127.0.0.1", () => resolve());
    });
  }
  const webPort = web ? (web.address() as AddressInfo).port : undefined;

  return {
    store,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: webPort ? `http://127.0.0.1:${webPort}` : undefined,
    close: async () => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (web) {
        web.closeAllConnections();
        await new Promise<void>((resolve) => web!.close(() => resolve()));
      }
    },
  };
}
