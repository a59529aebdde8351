ALTER TABLE "auto_refill_settings" ADD COLUMN "mode" text DEFAULT 'fixed' NOT NULL;--> statement-breakpoint
ALTER TABLE "auto_refill_settings" ADD COLUMN "target_balance" integer;--> statement-breakpoint
-- hand-written below (kept when renumbered)
-- The rules lib/payments/auto-refill/settings.ts checks, kept by the table too:
-- a known mode, a target within the custom amount's bounds, and in target mode
-- a target at least one minimum refill (125 credits) above the threshold.
ALTER TABLE "auto_refill_settings" ADD CONSTRAINT "auto_refill_settings_mode_check"
  CHECK ("mode" IN ('fixed', 'target'));
--> statement-breakpoint
ALTER TABLE "auto_refill_settings" ADD CONSTRAINT "auto_refill_settings_target_check"
  CHECK (("target_balance" IS NULL OR "target_balance" BETWEEN 125 AND 250000)
         AND ("mode" = 'fixed' OR "target_balance" >= "threshold_credits" + 125));
