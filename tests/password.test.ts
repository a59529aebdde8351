import { describe, expect, it } from "vitest";
import { hashPassword, newPasswordSchema, verifyPassword } from "@/lib/auth/password";

describe("passwords", () => {
  it.each([
    ["short1!", false],
    ["onlyletterslong", false],
    ["1234567890123", false],
    ["correct horse 1", true],
    ["ünïcödé-pässwörd", true],
    ["a1".repeat(37), false], // 74 bytes: bcrypt would silently ignore the end
  ])("%s is accepted: %s", (password, ok) => {
    expect(newPasswordSchema.safeParse(password).success).toBe(ok);
  });

  it("hashes with a salt and verifies only the right password", async () => {
    const [a, b] = await Promise.all([hashPassword("correct horse 1"), hashPassword("correct horse 1")]);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct horse");
    expect(await verifyPassword("correct horse 1", a)).toBe(true);
    expect(await verifyPassword("correct horse 2", a)).toBe(false);
    expect(await verifyPassword("correct horse 1", null)).toBe(false);
  });
});
