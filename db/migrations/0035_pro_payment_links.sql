CREATE TABLE "invoice_payments" (
	"invoice_id" text PRIMARY KEY NOT NULL,
	"payment_intent_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "purchases" ADD COLUMN "grant_ref" text;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_payments_payment_intent_key" ON "invoice_payments" USING btree ("payment_intent_id");--> statement-breakpoint
-- hand-written below (kept when renumbered)
-- Pro payments recorded before this migration: their allowance is the grant that names their invoice.
UPDATE purchases p SET grant_ref = g.external_ref
  FROM grants g
  WHERE p.kind = 'plan' AND p.grant_ref IS NULL
    AND g.account_id = p.account_id AND g.source = 'allowance' AND g.metadata->>'invoice' = p.attempt_id;
