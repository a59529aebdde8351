-- Why: `.desc()` alone made these DESC NULLS LAST, an order that no query asks
-- for (`order by created_at desc` is DESC NULLS FIRST), so PostgreSQL never
-- used them for ordering: every request-log page scanned and sorted the
-- account's whole log. tests/credits/log-plans.test.ts checks both.
DROP INDEX "usage_requests_log_idx";--> statement-breakpoint
DROP INDEX "usage_requests_feature_idx";--> statement-breakpoint
DROP INDEX "purchases_history_idx";--> statement-breakpoint
DROP INDEX "notifications_user_idx";--> statement-breakpoint
DROP INDEX "problem_reports_account_idx";--> statement-breakpoint
DROP INDEX "problem_reports_status_idx";--> statement-breakpoint
CREATE INDEX "usage_requests_log_idx" ON "usage_requests" USING btree ("account_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "usage_requests_feature_idx" ON "usage_requests" USING btree ("account_id","feature","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "purchases_history_idx" ON "purchases" USING btree ("account_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "problem_reports_account_idx" ON "problem_reports" USING btree ("account_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "problem_reports_status_idx" ON "problem_reports" USING btree ("status","updated_at" DESC NULLS FIRST);
