CREATE TABLE "usage_alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usage_alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"threshold" bigint NOT NULL,
	"fired_at" timestamp with time zone,
	"fired_day" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "usage_alerts_kind" CHECK ("usage_alerts"."kind" in ('balance_below', 'daily_spend_above')),
	CONSTRAINT "usage_alerts_threshold" CHECK ("usage_alerts"."threshold" > 0)
);
--> statement-breakpoint
ALTER TABLE "mail_preferences" ADD COLUMN "usage_alerts" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_alerts" ADD CONSTRAINT "usage_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "usage_alerts_user_kind_threshold_key" ON "usage_alerts" USING btree ("user_id","kind","threshold");