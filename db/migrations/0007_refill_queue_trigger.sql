-- Auto-refill trigger (DESIGN.md §5): when a debit, capture or hold leaves an
-- account's available balance below its auto-refill threshold (or auto-refill
-- is switched on while below it), one refill is queued in the same
-- transaction. The partial unique index keeps at most one in flight; the
-- threshold lives on the account row, so a debit above it costs nothing more.
CREATE FUNCTION credits_queue_refill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO refills (id, account_id, status, next_attempt_at, created_at, updated_at)
    VALUES ('rf_' || replace(gen_random_uuid()::text, '-', ''), NEW.id, 'queued',
            '-infinity', clock_timestamp(), clock_timestamp())
    ON CONFLICT (account_id) WHERE status IN ('queued', 'processing') DO NOTHING;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER credit_accounts_queue_refill
  AFTER UPDATE OF balance, refill_threshold ON credit_accounts
  FOR EACH ROW
  WHEN (NEW.refill_threshold IS NOT NULL AND NEW.balance < NEW.refill_threshold
        AND (NEW.balance < OLD.balance OR OLD.refill_threshold IS DISTINCT FROM NEW.refill_threshold))
  EXECUTE FUNCTION credits_queue_refill();
