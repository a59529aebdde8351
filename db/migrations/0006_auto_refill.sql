CREATE TABLE "auto_refill_settings" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"threshold_credits" integer DEFAULT 100 NOT NULL,
	"refill_credits" integer DEFAULT 500 NOT NULL,
	"monthly_limit_cents" integer DEFAULT 50000 NOT NULL,
	"payment_method_id" text,
	"paused_reason" text,
	"paused_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"href" text,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "refills" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" bigint NOT NULL,
	"status" text NOT NULL,
	"purchase_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "credit_accounts" ADD COLUMN "refill_threshold" bigint;--> statement-breakpoint
ALTER TABLE "auto_refill_settings" ADD CONSTRAINT "auto_refill_settings_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refills" ADD CONSTRAINT "refills_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "refills_one_in_flight" ON "refills" USING btree ("account_id") WHERE "refills"."status" in ('queued', 'processing');--> statement-breakpoint
CREATE INDEX "refills_due_idx" ON "refills" USING btree ("next_attempt_at") WHERE "refills"."status" = 'queued';