/** The messages the catcher received, newest first, in memory (a restart empties the inbox). */
export interface CaughtMessage {
  id: string;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

/** Kept at most; the oldest go first, so a long-running dev server does not grow without bound. */
const LIMIT = 500;

export class MailStore {
  private messages: CaughtMessage[] = [];
  private waiters = new Set<() => void>();

  add(message: CaughtMessage) {
    this.messages.unshift(message);
    this.messages.length = Math.min(this.messages.length, LIMIT);
    for (const wake of this.waiters) wake();
  }

  list(): readonly CaughtMessage[] {
    return this.messages;
  }

  get(id: string): CaughtMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  /** The newest message matching `test`, waiting for it up to `timeoutMs`. */
  async waitFor(test: (m: CaughtMessage) => boolean, timeoutMs = 30_000): Promise<CaughtMessage> {
    const found = this.messages.find(test);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const wake = () => {
        const match = this.messages.find(test);
        if (!match) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(match);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`no matching message arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }
}
