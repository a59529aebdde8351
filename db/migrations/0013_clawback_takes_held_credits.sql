-- DESIGN.md §4.9, "money that comes back stays back". A refund used to take
-- only the grant's unreserved remainder: credits that a pending hold had
-- reserved from the refunded purchase were missed, and releasing the hold
-- later gave them back to the grant (buy 500, hold 500, get refunded: 0
-- taken, 500 back on release). The clawback now takes what the grant has
-- unreserved first, then shrinks the account's pending holds on that grant:
-- their allocations and amounts go down, so a capture can take at most what
-- is left and a release returns none of the clawed part. What was already
-- spent stays recorded as requested − taken.
CREATE OR REPLACE FUNCTION credits_clawback(
  p_account bigint, p_grant_id bigint, p_credits bigint, p_external_ref text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acct credit_accounts%ROWTYPE;
  c clawbacks%ROWTYPE;
  a record;
  v_remaining bigint;
  v_free bigint;
  v_left bigint;
  v_take bigint;
  v_from_holds bigint := 0;
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
  v_free := least(p_credits, v_remaining);
  v_left := p_credits - v_free;

  -- Newest holds first: the oldest are the likeliest to be captured soon.
  FOR a IN
    SELECT ha.hold_id, ha.amount FROM hold_allocations ha JOIN holds h ON h.id = ha.hold_id
    WHERE ha.grant_id = p_grant_id AND h.account_id = p_account AND h.status = 'pending' AND ha.amount > 0
    ORDER BY h.created_at DESC, h.id DESC
  LOOP
    EXIT WHEN v_left = 0;
    v_take := least(a.amount, v_left);
    UPDATE hold_allocations SET amount = amount - v_take WHERE hold_id = a.hold_id AND grant_id = p_grant_id;
    UPDATE holds SET amount = amount - v_take WHERE id = a.hold_id;
    v_from_holds := v_from_holds + v_take;
    v_left := v_left - v_take;
  END LOOP;

  INSERT INTO clawbacks (external_ref, grant_id, requested, taken, created_at)
    VALUES (p_external_ref, p_grant_id, p_credits, v_free + v_from_holds, p_now);
  IF v_free + v_from_holds > 0 THEN
    INSERT INTO transfers (account_id, kind, grant_id, created_at)
      VALUES (p_account, 'clawback', p_grant_id, p_now) RETURNING id INTO v_transfer;
    IF v_free > 0 THEN
      INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at)
        VALUES (v_transfer, p_account, p_grant_id, -v_free, p_now);
      UPDATE grants SET remaining = remaining - v_free WHERE id = p_grant_id;
    END IF;
    IF v_from_holds > 0 THEN
      INSERT INTO entries (transfer_id, account_id, amount, created_at)
        VALUES (v_transfer, credits_system_account('holds'), -v_from_holds, p_now);
    END IF;
    INSERT INTO entries (transfer_id, account_id, amount, created_at)
      VALUES (v_transfer, credits_system_account('issuance'), v_free + v_from_holds, p_now);
    -- Taking back is not spending: it must not queue an auto-refill (see credits_queue_refill below).
    PERFORM set_config('credits.taking_back', 'on', true);
    UPDATE credit_accounts SET balance = balance - v_free, held = held - v_from_holds WHERE id = p_account;
    PERFORM set_config('credits.taking_back', 'off', true);
  END IF;
  RETURN jsonb_build_object('outcome', 'taken', 'requested', p_credits, 'taken', v_free + v_from_holds,
    'fromHolds', v_from_holds);
END $$;
--> statement-breakpoint

-- A hold that a clawback shrank to nothing still resolves (capture 0 or
-- release) exactly once; it moves no credits, and an entry of 0 is refused
-- by entries_nonzero, so the holds entry is written only when there is one.
CREATE OR REPLACE FUNCTION credits_resolve_hold(p_hold_id text, p_captured bigint, p_status text, p_now timestamptz)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  h holds%ROWTYPE;
  a record;
  v_transfer bigint;
  v_capture_left bigint := p_captured;
  v_use bigint;
  v_back bigint;
  v_returned bigint := 0;
  v_broken bigint := 0;
  v_next timestamptz;
  v_balance bigint;
BEGIN
  SELECT * INTO h FROM holds WHERE id = p_hold_id;
  INSERT INTO transfers (account_id, kind, request_id, hold_id, created_at)
    VALUES (h.account_id, CASE WHEN p_status = 'captured' THEN 'capture' ELSE 'release' END, h.request_id, h.id, p_now)
    RETURNING id INTO v_transfer;
  IF h.amount > 0 THEN
    INSERT INTO entries (transfer_id, account_id, amount, created_at)
      VALUES (v_transfer, credits_system_account('holds'), -h.amount, p_now);
  END IF;
  IF p_captured > 0 THEN
    INSERT INTO entries (transfer_id, account_id, amount, created_at)
      VALUES (v_transfer, credits_system_account('usage'), p_captured, p_now);
  END IF;

  FOR a IN
    SELECT ha.grant_id, ha.amount, g.expires_at FROM hold_allocations ha JOIN grants g ON g.id = ha.grant_id
    WHERE ha.hold_id = h.id ORDER BY ha.position
  LOOP
    v_use := least(a.amount, v_capture_left);
    v_capture_left := v_capture_left - v_use;
    v_back := a.amount - v_use;
    CONTINUE WHEN v_back = 0;
    IF a.expires_at IS NOT NULL AND a.expires_at <= p_now THEN
      v_broken := v_broken + v_back;
    ELSE
      UPDATE grants SET remaining = remaining + v_back WHERE id = a.grant_id;
      INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at)
        VALUES (v_transfer, h.account_id, a.grant_id, v_back, p_now);
      v_returned := v_returned + v_back;
      v_next := least(v_next, a.expires_at);
    END IF;
  END LOOP;
  IF v_broken > 0 THEN
    INSERT INTO entries (transfer_id, account_id, amount, created_at)
      VALUES (v_transfer, credits_system_account('breakage'), v_broken, p_now);
  END IF;

  UPDATE credit_accounts
    SET balance = balance + v_returned, held = held - h.amount,
        next_expiry_at = least(next_expiry_at, v_next)
    WHERE id = h.account_id
    RETURNING balance + held INTO v_balance;
  UPDATE holds SET status = p_status, captured = p_captured, balance_after = v_balance, resolved_at = p_now
    WHERE id = h.id;
  UPDATE usage_requests SET status = p_status, credits = p_captured, balance_after = v_balance, resolved_at = p_now
    WHERE id = h.request_id;
  RETURN v_balance;
END $$;
--> statement-breakpoint

-- Only spending queues an auto-refill. The trigger fired on any drop of the
-- balance, so a refund or a dispute that took credits back queued a refill
-- and charged the card of a user who had just been refunded. The clawback
-- marks its own update (a transaction-local setting, reset right after it).
CREATE OR REPLACE FUNCTION credits_queue_refill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('credits.taking_back', true) = 'on' THEN
    RETURN NULL;
  END IF;
  INSERT INTO refills (id, account_id, status, next_attempt_at, created_at, updated_at)
    VALUES ('rf_' || replace(gen_random_uuid()::text, '-', ''), NEW.id, 'queued',
            '-infinity', clock_timestamp(), clock_timestamp())
    ON CONFLICT (account_id) WHERE status IN ('queued', 'processing') DO NOTHING;
  RETURN NULL;
END $$;
