import { z } from "zod";
import { featureIds, modelIds } from "@/lib/credits/shared";

const whole = (name: string, max: number, min = 0) =>
  z
    .number({ error: `${name} must be a number.` })
    .int({ error: `${name} must be a whole number.` })
    .min(min, { error: `${name} must be at least ${min}.` })
    .max(max, { error: `${name} must be at most ${max.toLocaleString("en-US")}.` });

const feature = z.enum(featureIds, { error: `feature must be one of ${featureIds.join(", ")}.` });
const model = z.enum(modelIds, { error: `model must be one of ${modelIds.join(", ")}.` });

// Free-form context the caller wants in the request log; kept small.
const metadata = z
  .record(z.string().max(100), z.unknown(), { error: "metadata must be an object." })
  .refine((m) => JSON.stringify(m).length <= 4096, { error: "metadata must be at most 4 KB as JSON." });

export const usageSchema = z
  .object({
    feature,
    model,
    inputTokens: whole("inputTokens", 10_000_000).optional(),
    outputTokens: whole("outputTokens", 10_000_000).optional(),
    metadata: metadata.optional(),
  })
  .strict();

export const holdSchema = z
  .object({
    feature,
    model,
    maxCredits: whole("maxCredits", 1_000_000, 1),
    ttlSeconds: whole("ttlSeconds", 3600, 1).default(900),
    metadata: metadata.optional(),
  })
  .strict();

export const captureSchema = z.object({ credits: whole("credits", 1_000_000) }).strict();

// PostgreSQL keeps years 1 to 294276 (and none called 0): a date outside 1–9999 is refused, not sent.
const isoDate = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name} must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z.` })
    .transform((s) => new Date(s))
    .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, { error: `${name} must be a date between the years 1 and 9999.` });

export const usageQuerySchema = z
  .object({
    // Digits only: Number() would also read " 5 ", "0x10" and "1e1".
    limit: z
      .string()
      .regex(/^\d{1,4}$/, { error: "limit must be a whole number from 1 to 100." })
      .transform(Number)
      .pipe(z.number().min(1, { error: "limit must be at least 1." }).max(100, { error: "limit must be at most 100." }))
      .default(20),
    cursor: z.string().max(500).optional(),
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
    feature: feature.optional(),
    model: model.optional(),
    format: z.enum(["json", "csv"], { error: "format must be json or csv." }).default("json"),
  })
  .strict();
