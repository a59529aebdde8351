ALTER TABLE "rate_limit_buckets" ADD COLUMN "full_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_full_at_idx" ON "rate_limit_buckets" USING btree ("full_at");--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "stripe_events_received_at_idx" ON "stripe_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "report_screenshots_unclaimed_idx" ON "report_screenshots" USING btree ("created_at") WHERE "report_screenshots"."report_id" is null;