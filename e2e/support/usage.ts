import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Creates an API key in Settings › API keys, as a user would, and returns it. */
export async function createApiKeyInUi(page: Page, name = "e2e usage"): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const panel = page.getByRole("region", { name: /Your new key/ });
  await expect(panel).toBeVisible();
  return panel.getByLabel("New API key").inputValue();
}

/** Meters one request through the public API; returns its request id. */
export async function meter(
  request: APIRequestContext,
  key: string,
  body: { feature: string; model: string; inputTokens?: number; outputTokens?: number },
): Promise<string> {
  const res = await request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${key}`, "idempotency-key": crypto.randomUUID() },
    data: body,
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).requestId as string;
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF rows). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += ch;
  }
  return rows;
}
