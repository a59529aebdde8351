-- Refunds take credits back from the refunded purchase's grant: at most what
-- the grant still has (credits already spent stay spent), once per reference.
CREATE FUNCTION credits_clawback(
  p_account bigint, p_grant_id bigint, p_credits bigint, p_external_ref text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acct credit_accounts%ROWTYPE;
  c clawbacks%ROWTYPE;
  v_remaining bigint;
  v_taken bigint;
  v_transfer bigint;
BEGIN
  acct := credits_lock(p_account, p_now);
  SELECT * INTO c FROM clawbacks WHERE external_ref = p_external_ref;
  IF FOUND THEN
    RETURN jsonb_build_object('outcome', 'exists', 'requested', c.requested, 'taken', c.taken);
  END IF;
  SELECT remaining INTO v_remaining FROM grants WHERE id = p_grant_id AND account_id = p_account;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'grant % is not of account %', p_grant_id, p_account USING ERRCODE = 'no_data_found';
  END IF;
  v_taken := least(p_credits, v_remaining);
  INSERT INTO clawbacks (external_ref, grant_id, requested, taken, created_at)
    VALUES (p_external_ref, p_grant_id, p_credits, v_taken, p_now);
  IF v_taken > 0 THEN
    INSERT INTO transfers (account_id, kind, grant_id, created_at)
      VALUES (p_account, 'clawback', p_grant_id, p_now) RETURNING id INTO v_transfer;
    INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at) VALUES
      (v_transfer, p_account, p_grant_id, -v_taken, p_now),
      (v_transfer, credits_system_account('issuance'), NULL, v_taken, p_now);
    UPDATE grants SET remaining = remaining - v_taken WHERE id = p_grant_id;
    UPDATE credit_accounts SET balance = balance - v_taken WHERE id = p_account;
  END IF;
  RETURN jsonb_build_object('outcome', 'taken', 'requested', p_credits, 'taken', v_taken);
END $$;
--> statement-breakpoint

-- Live balance (DESIGN.md §2): every committed change of a user's balance or
-- held credits is announced on channel credit_balance, which each server
-- process LISTENs to and fans out to its open tabs. One trigger covers every
-- ledger function, so none can forget it; NOTIFY is sent only on commit.
CREATE FUNCTION credits_notify_balance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('credit_balance', json_build_object(
    'accountId', NEW.id, 'balance', NEW.balance + NEW.held, 'available', NEW.balance, 'held', NEW.held)::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER credit_accounts_notify_balance
  AFTER UPDATE OF balance, held ON credit_accounts
  FOR EACH ROW
  WHEN (NEW.user_id IS NOT NULL AND (OLD.balance IS DISTINCT FROM NEW.balance OR OLD.held IS DISTINCT FROM NEW.held))
  EXECUTE FUNCTION credits_notify_balance();
