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

export { parseCsv } from "../../tests/support/csv";
