CREATE TABLE "balance_watches" (
	"account_id" bigint PRIMARY KEY NOT NULL,
	"watched_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "balance_watches" ADD CONSTRAINT "balance_watches_account_id_credit_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."credit_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint

-- Live balance, cheaper: NOTIFY only accounts that a server is streaming to
-- (lib/live-balance keeps their leases). A transaction that has sent a NOTIFY
-- holds a cluster-wide lock from its pre-commit until its commit is flushed,
-- so every notifying commit queued behind every other one; now only watched
-- accounts pay that. Opening a watch waits for the account's in-flight
-- transactions (see lib/live-balance), so none can slip between the watch
-- and the balance the stream starts with. The query runs with a fresh
-- snapshot after the row lock, so it sees a watch committed while it waited.
CREATE OR REPLACE FUNCTION credits_notify_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM balance_watches WHERE account_id = NEW.id AND watched_until > now()) THEN
    PERFORM pg_notify('credit_balance', json_build_object(
      'accountId', NEW.id, 'balance', NEW.balance + NEW.held, 'available', NEW.balance, 'held', NEW.held)::text);
  END IF;
  RETURN NULL;
END $$;
