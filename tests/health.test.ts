import { describe, expect, it, vi } from "vitest";

async function loadHealthRoute() {
  vi.resetModules();
  (globalThis as { creditsDb?: unknown }).creditsDb = undefined;
  return import("@/app/api/health/route");
}

describe("GET /api/health", () => {
  it("answers 200 when the database is up", async () => {
    const { GET } = await loadHealthRoute();
    const res = await GET();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "up" });
  });

  it("answers 503 when the database is down", async () => {
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgres://nobody:nothing@127.0.0.1:1/none";
    try {
      const { GET } = await loadHealthRoute();
      const res = await GET();
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ database: "down" });
    } finally {
      process.env.DATABASE_URL = previous;
      (globalThis as { creditsDb?: unknown }).creditsDb = undefined;
      vi.resetModules();
    }
  });
});
