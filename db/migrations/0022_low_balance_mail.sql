CREATE TABLE "low_balance_warnings" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"warned_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_preferences" ADD COLUMN "low_balance" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "low_balance_warnings" ADD CONSTRAINT "low_balance_warnings_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE cascade ON UPDATE no action;