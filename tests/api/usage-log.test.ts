import { describe, expect, it } from "vitest";
import { debit, grantCredits, manualClock, setClock, csvField } from "@/lib/credits";
import { apiClient, call } from "../support/api";
import { parseCsv } from "../support/csv";


describe("the request log API", () => {
  it("pages newest first without gaps or repeats while new requests arrive", async () => {
    const clock = manualClock("2026-05-01T00:00:00Z");
    const restore = setClock(clock);
    try {
      const { key, accountId } = await apiClient();
      await grantCredits({ accountId, source: "purchase", amount: 1000 });
      // Several requests share a timestamp, so the cursor must break ties by id.
      for (let i = 0; i < 25; i++) {
        if (i % 3 === 0) clock.advance(1000);
        await debit({ accountId, credits: 1, feature: i % 2 ? "chat" : "code_generation", model: "gpt-5-mini" });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await call("GET", `/api/v1/usage?limit=7${cursor ? `&cursor=${cursor}` : ""}`, { key });
        expect(res.status).toBe(200);
        seen.push(...res.body.data.map((r: { requestId: string }) => r.requestId));
        cursor = res.body.nextCursor;
        // New requests arrive at the top between pages: they must not shift the pages.
        clock.advance(1000);
        await debit({ accountId, credits: 1, feature: "chat", model: "gpt-5-mini" });
        pages++;
      } while (cursor);
      expect(pages).toBe(4);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    } finally {
      restore();
    }
  });

  it("filters by feature, model and date, and 422s a bad filter", async () => {
    const { key, accountId } = await apiClient();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    await debit({ accountId, credits: 1, feature: "chat", model: "gpt-5-mini" });
    await debit({ accountId, credits: 2, feature: "code_generation", model: "claude-opus-4.1" });
    const chat = await call("GET", "/api/v1/usage?feature=chat", { key });
    expect(chat.body.data.map((r: { feature: string }) => r.feature)).toEqual(["chat"]);
    const opus = await call("GET", "/api/v1/usage?model=claude-opus-4.1", { key });
    expect(opus.body.data).toHaveLength(1);
    const future = await call("GET", "/api/v1/usage?from=2999-01-01T00:00:00Z", { key });
    expect(future.body).toEqual({ data: [], nextCursor: null });
    for (const [query, param] of [["limit=0", "limit"], ["limit=101", "limit"], ["from=yesterday", "from"], ["feature=x", "feature"], ["cursor=abc", "cursor"]]) {
      const res = await call("GET", `/api/v1/usage?${query}`, { key });
      expect(res.status).toBe(422);
      expect(res.body.error.param).toBe(param);
    }
  });

  it("exports exactly the filtered rows as CSV, escaping commas, quotes and line breaks", async () => {
    const { key, accountId } = await apiClient();
    await grantCredits({ accountId, source: "purchase", amount: 100 });
    const tricky = { note: 'a, "quoted"\nline', formula: "=HYPERLINK()" };
    await debit({ accountId, credits: 1, feature: "chat", model: "gpt-5-mini", metadata: tricky });
    await debit({ accountId, credits: 2, feature: "code_generation", model: "gpt-5-mini" });
    const csv = await call("GET", "/api/v1/usage?format=csv&feature=chat", { key });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual(["requestId", "createdAt", "feature", "model", "inputTokens", "outputTokens", "credits", "balanceAfter", "status", "metadata"]);
    expect(rows).toHaveLength(2);
    const json = await call("GET", "/api/v1/usage?feature=chat", { key });
    expect(rows[1]![0]).toBe(json.body.data[0].requestId);
    expect(JSON.parse(rows[1]![9]!)).toEqual(tricky);
  });

  it("neutralises spreadsheet formulas in text cells", () => {
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField("-2")).toBe("'-2");
    expect(csvField(-2)).toBe("-2");
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
  });
});
