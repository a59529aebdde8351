import { z } from "zod";

/** An HTML checkbox: "on" when checked, absent when not. */
export const checkbox = z
  .literal("on")
  .optional()
  .transform((v) => v === "on");
