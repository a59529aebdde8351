/**
 * The secrets check of issue #12 over the e2e server's log: every secret the
 * run knows by value (AUTH_SECRET, the sandbox's keys, the fixtures'
 * passwords, the test card numbers however they are spaced) and every
 * secret-shaped text it can only recognise by form (API keys, client
 * secrets, Bearer and cookie header values, session tokens, CVCs, URLs with
 * a password). The log must also prove it is the log of a run: JSON lines
 * with request ids, so an empty or unrelated file cannot pass.
 */

export interface KnownSecret {
  name: string;
  value: string;
}

export interface Finding {
  what: string;
  line: number;
  excerpt: string;
}

export interface ScanResult {
  findings: Finding[];
  lines: number;
  jsonLines: number;
  withRequestId: number;
  accessLines: number;
  actionLines: number;
  stripeEvents: number;
  /** Access, action and job lines that lack the id they must carry. */
  unattributed: number;
  problems: string[];
}

/** A card number as it may be written: its digits, optionally spaced or dashed in any grouping. */
export function cardPattern(number: string): RegExp {
  return new RegExp(`(?<!\\d)${number.split("").join("[ -]?")}(?!\\d)`);
}

const SHAPES: { what: string; pattern: RegExp }[] = [
  { what: "an API key (cr_…)", pattern: /\bcr_[A-Za-z0-9_-]{43}/ },
  { what: "a Stripe secret key", pattern: /\b(sk|rk)_(test|live)_[A-Za-z0-9]{8,}/ },
  { what: "a webhook signing secret", pattern: /\bwhsec_[A-Za-z0-9_-]{8,}/ },
  { what: "a client_secret", pattern: /_secret_[A-Za-z0-9]{6,}|"client_secret"\s*:\s*"(?!\[Redacted\])/ },
  { what: "a Bearer credential", pattern: /\bBearer\s+(?!\[Redacted\]|<)[A-Za-z0-9._~+/=-]{8,}/i },
  { what: "an Authorization or Cookie header value", pattern: /"(authorization|cookie|set-cookie|stripe-signature)"\s*:\s*"(?!\[Redacted\])/i },
  { what: "an Authorization or Cookie header line", pattern: /\b(authorization|cookie|set-cookie):\s+(?!\[Redacted\]|Bearer\s+<)\S{8,}/i },
  { what: "an Auth.js cookie value", pattern: /authjs\.[a-z-]+=(?!\[Redacted\])[^;\s"]{8,}/ },
  { what: "a JWT/JWE (session token)", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{10,}/ },
  { what: "a CVC", pattern: /\b(cvc|cvv|cvc2|security_code)\]?"?\s*[:=]\s*"?\d{3,4}\b/i },
  { what: "a password field", pattern: /"(password|confirmPassword|currentPassword|newPassword)"\s*:\s*"(?!\[Redacted\])/ },
  { what: "a URL with a password", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"]+:[^\s/@"]+@/i },
];

export function scanLog(text: string, known: KnownSecret[], cardNumbers: string[]): ScanResult {
  const lines = text.split("\n");
  const findings: Finding[] = [];
  const checks = [
    ...known.filter((k) => k.value.length > 0).map((k) => ({ what: k.name, test: (line: string) => line.includes(k.value) })),
    ...cardNumbers.map((n) => ({ what: `test card ${n}`, test: (line: string) => cardPattern(n).test(line) })),
    ...SHAPES.map((s) => ({ what: s.what, test: (line: string) => s.pattern.test(line) })),
  ];
  const result: ScanResult = {
    findings,
    lines: 0,
    jsonLines: 0,
    withRequestId: 0,
    accessLines: 0,
    actionLines: 0,
    stripeEvents: 0,
    unattributed: 0,
    problems: [],
  };

  lines.forEach((line, index) => {
    if (!line.trim()) return;
    result.lines += 1;
    for (const check of checks) {
      if (check.test(line)) findings.push({ what: check.what, line: index + 1, excerpt: line.slice(0, 300) });
    }
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // Next.js's own start-up lines and the launcher's are plain text.
    }
    result.jsonLines += 1;
    const hasRequestId = typeof entry.requestId === "string" && entry.requestId.length > 0;
    if (hasRequestId) result.withRequestId += 1;
    if (entry.msg === "request") result.accessLines += 1;
    if (entry.msg === "server action") result.actionLines += 1;
    if (entry.msg === "stripe event") result.stripeEvents += 1;
    const needsRequestId = entry.msg === "request" || entry.msg === "server action" || entry.msg === "stripe event";
    if ((needsRequestId && !hasRequestId) || (typeof entry.job === "string" && typeof entry.runId !== "string")) {
      result.unattributed += 1;
    }
  });

  if (result.lines === 0) result.problems.push("the server log is empty");
  else if (result.jsonLines === 0) result.problems.push("the server log has no JSON lines: is the logger writing to stdout?");
  else if (result.withRequestId === 0) result.problems.push("no log line carries a request id");
  if (result.unattributed > 0) result.problems.push(`${result.unattributed} access, action, webhook or job lines lack their request or run id`);
  return result;
}
