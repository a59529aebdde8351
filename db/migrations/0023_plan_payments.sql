ALTER TABLE "purchases" ADD COLUMN "period_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "period_end" timestamp with time zone;