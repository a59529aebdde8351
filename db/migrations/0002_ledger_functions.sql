-- The ledger engine. Every change of a balance is one of these functions,
-- called only from lib/credits, so each operation is one statement: one round
-- trip, its own transaction, and no lock held while the app waits on the network.
--
-- Locking order, everywhere: the user's credit_accounts row first, then that
-- account's grants, holds and allocations. Grants and holds are only ever
-- changed under their account's row lock, so they need no locks of their own.
-- System accounts keep no cached balance and are never locked.
--
-- Time comes in as p_now from the app's injectable clock (DESIGN.md §4.8).

-- ── Append-only ledger ────────────────────────────────────────────────────
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger table % is append-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
-- ENABLE ALWAYS: the triggers fire even with session_replication_role = replica,
-- the one way a superuser could otherwise switch them off for a session.
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_append_only;
--> statement-breakpoint
ALTER TABLE entries ENABLE ALWAYS TRIGGER entries_no_truncate;
--> statement-breakpoint
ALTER TABLE transfers ENABLE ALWAYS TRIGGER transfers_append_only;
--> statement-breakpoint
ALTER TABLE transfers ENABLE ALWAYS TRIGGER transfers_no_truncate;
--> statement-breakpoint

-- ── System accounts ───────────────────────────────────────────────────────
-- issuance: where granted credits come from (purchases, allowances, promos…)
-- usage: where spent credits go; breakage: expired credits; holds: reserved credits.
INSERT INTO credit_accounts (system_key) VALUES ('issuance'), ('usage'), ('breakage'), ('holds');
--> statement-breakpoint
CREATE FUNCTION credits_system_account(p_key text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT id FROM credit_accounts WHERE system_key = p_key
$$;
--> statement-breakpoint

-- The earliest moment something of this account expires (a grant with credits
-- left, or a pending hold): the sweep is due then.
CREATE FUNCTION credits_next_expiry(p_account bigint) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT least(
    (SELECT min(expires_at) FROM grants WHERE account_id = p_account AND remaining > 0 AND expires_at IS NOT NULL),
    (SELECT min(expires_at) FROM holds WHERE account_id = p_account AND status = 'pending'))
$$;
--> statement-breakpoint

-- Takes p_amount credits from the account's spendable grants: by priority,
-- then soonest expiry (none last), then oldest; one entry per grant touched.
-- The caller holds the account lock, has checked the balance, and posts the
-- counter-entry. Returns what was taken from which grant, in order.
CREATE FUNCTION credits_draw(p_account bigint, p_amount bigint, p_transfer bigint, p_now timestamptz)
RETURNS TABLE (grant_id bigint, taken bigint) LANGUAGE plpgsql AS $$
DECLARE
  v_left bigint := p_amount;
  g record;
BEGIN
  FOR g IN
    SELECT id, remaining FROM grants
    WHERE account_id = p_account AND remaining > 0 AND (expires_at IS NULL OR expires_at > p_now)
    ORDER BY priority, expires_at NULLS LAST, id
  LOOP
    grant_id := g.id;
    taken := least(g.remaining, v_left);
    UPDATE grants SET remaining = remaining - taken WHERE id = g.id;
    INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at)
      VALUES (p_transfer, p_account, g.id, -taken, p_now);
    v_left := v_left - taken;
    RETURN NEXT;
    EXIT WHEN v_left = 0;
  END LOOP;
  IF v_left <> 0 THEN
    -- The cached balance said the credits were there; the grants disagree.
    RAISE EXCEPTION 'ledger inconsistency: account % is % credits short in its grants', p_account, v_left;
  END IF;
END $$;
--> statement-breakpoint

-- Ends a pending hold: p_captured credits go to usage, the rest back to the
-- grants they were reserved from (or to breakage where that grant has expired).
-- The caller holds the account lock. Returns the account's balance (unreserved
-- + held) afterwards.
CREATE FUNCTION credits_resolve_hold(p_hold_id text, p_captured bigint, p_status text, p_now timestamptz)
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
  INSERT INTO entries (transfer_id, account_id, amount, created_at)
    VALUES (v_transfer, credits_system_account('holds'), -h.amount, p_now);
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

-- Expires what is due: pending holds past expires_at are released, and the
-- remainders of grants past expires_at go to breakage. The caller holds the lock.
CREATE FUNCTION credits_sweep(p_account bigint, p_now timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  h record;
  g record;
  v_transfer bigint;
  v_expired bigint := 0;
BEGIN
  FOR h IN SELECT id FROM holds WHERE account_id = p_account AND status = 'pending' AND expires_at <= p_now LOOP
    PERFORM credits_resolve_hold(h.id, 0, 'expired', p_now);
  END LOOP;
  FOR g IN
    SELECT id, remaining FROM grants
    WHERE account_id = p_account AND remaining > 0 AND expires_at <= p_now ORDER BY id
  LOOP
    INSERT INTO transfers (account_id, kind, grant_id, created_at)
      VALUES (p_account, 'breakage', g.id, p_now) RETURNING id INTO v_transfer;
    INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at) VALUES
      (v_transfer, p_account, g.id, -g.remaining, p_now),
      (v_transfer, credits_system_account('breakage'), NULL, g.remaining, p_now);
    UPDATE grants SET remaining = 0, expired_at = p_now WHERE id = g.id;
    v_expired := v_expired + g.remaining;
  END LOOP;
  UPDATE credit_accounts SET balance = balance - v_expired, next_expiry_at = credits_next_expiry(p_account)
    WHERE id = p_account;
END $$;
--> statement-breakpoint

-- Locks a user's account, first expiring whatever is due.
CREATE FUNCTION credits_lock(p_account bigint, p_now timestamptz) RETURNS credit_accounts LANGUAGE plpgsql AS $$
DECLARE
  acct credit_accounts%ROWTYPE;
BEGIN
  SELECT * INTO acct FROM credit_accounts WHERE id = p_account AND user_id IS NOT NULL FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'credit account % not found', p_account USING ERRCODE = 'no_data_found';
  END IF;
  IF acct.next_expiry_at <= p_now THEN
    PERFORM credits_sweep(p_account, p_now);
    SELECT * INTO acct FROM credit_accounts WHERE id = p_account;
  END IF;
  RETURN acct;
END $$;
--> statement-breakpoint

-- Claims an idempotency key for this operation. Returns NULL when the key is
-- new (the caller goes on and later stores its answer), else what to answer:
-- the stored response for the same request, or a conflict for another one.
-- A concurrent duplicate waits here on the primary key until the first
-- transaction ends, then sees its answer: one of them runs.
CREATE FUNCTION credits_claim_key(p_account bigint, p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k idempotency_keys%ROWTYPE;
BEGIN
  IF p_key IS NULL THEN RETURN NULL; END IF;
  INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at)
    VALUES (p_account, p_key, p_hash, 0, '{}', p_now)
    ON CONFLICT DO NOTHING;
  IF FOUND THEN RETURN NULL; END IF;
  SELECT * INTO k FROM idempotency_keys WHERE account_id = p_account AND key = p_key;
  IF k.request_hash <> p_hash THEN
    RETURN jsonb_build_object('outcome', 'idempotency_conflict');
  END IF;
  RETURN jsonb_build_object('outcome', 'replay', 'status', k.response_status, 'body', k.response_body);
END $$;
--> statement-breakpoint

CREATE FUNCTION credits_store_answer(p_account bigint, p_key text, p_status int, p_body jsonb)
RETURNS void LANGUAGE sql AS $$
  UPDATE idempotency_keys SET response_status = p_status, response_body = p_body
  WHERE account_id = p_account AND key = p_key
$$;
--> statement-breakpoint

-- Gives up a claimed key, so that a refused request (402) does not use it up.
CREATE FUNCTION credits_release_key(p_account bigint, p_key text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM idempotency_keys WHERE account_id = p_account AND key = p_key
$$;
--> statement-breakpoint

-- Adds credits as a grant. With an external reference (a PaymentIntent, an
-- invoice, a report) the same reference credits once, however often it comes.
CREATE FUNCTION credits_grant(
  p_account bigint, p_source text, p_amount bigint, p_priority int, p_expires_at timestamptz,
  p_external_ref text, p_metadata jsonb, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acct credit_accounts%ROWTYPE;
  v_grant bigint;
  v_transfer bigint;
  v_balance bigint;
BEGIN
  acct := credits_lock(p_account, p_now);
  INSERT INTO grants (account_id, source, amount, remaining, priority, expires_at, external_ref, metadata, created_at)
    VALUES (p_account, p_source, p_amount, p_amount, p_priority, p_expires_at, p_external_ref, p_metadata, p_now)
    ON CONFLICT (source, external_ref) DO NOTHING
    RETURNING id INTO v_grant;
  IF v_grant IS NULL THEN
    SELECT id INTO v_grant FROM grants WHERE source = p_source AND external_ref = p_external_ref;
    RETURN jsonb_build_object('outcome', 'exists', 'grantId', v_grant, 'balance', acct.balance + acct.held);
  END IF;
  INSERT INTO transfers (account_id, kind, grant_id, created_at)
    VALUES (p_account, 'grant', v_grant, p_now) RETURNING id INTO v_transfer;
  INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at) VALUES
    (v_transfer, credits_system_account('issuance'), NULL, -p_amount, p_now),
    (v_transfer, p_account, v_grant, p_amount, p_now);
  UPDATE credit_accounts
    SET balance = balance + p_amount, next_expiry_at = least(next_expiry_at, p_expires_at)
    WHERE id = p_account RETURNING balance + held INTO v_balance;
  RETURN jsonb_build_object('outcome', 'created', 'grantId', v_grant, 'balance', v_balance);
END $$;
--> statement-breakpoint

-- Spends credits for one metered request (POST /api/v1/usage and the features).
-- Outcomes: created | replay | idempotency_conflict | insufficient_credits.
-- A refusal is logged but releases its idempotency key.
CREATE FUNCTION credits_debit(
  p_account bigint, p_amount bigint, p_request_id text, p_feature text, p_model text,
  p_input_tokens int, p_output_tokens int, p_metadata jsonb,
  p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_claim jsonb;
  v_balance bigint;
  v_held bigint;
  v_transfer bigint;
  v_body jsonb;
  acct credit_accounts%ROWTYPE;
BEGIN
  v_claim := credits_claim_key(p_account, p_key, p_hash, p_now);
  IF v_claim IS NOT NULL THEN RETURN v_claim; END IF;

  -- The fast path takes the row lock and the credits in one statement; it steps
  -- aside when a sweep is due or the credits are not there.
  UPDATE credit_accounts SET balance = balance - p_amount
    WHERE id = p_account AND balance >= p_amount AND (next_expiry_at IS NULL OR next_expiry_at > p_now)
    RETURNING balance, held INTO v_balance, v_held;
  IF NOT FOUND THEN
    acct := credits_lock(p_account, p_now);
    IF acct.balance < p_amount THEN
      PERFORM credits_release_key(p_account, p_key);
      INSERT INTO usage_requests (id, account_id, feature, model, input_tokens, output_tokens, credits,
                                  balance_after, status, metadata, created_at, resolved_at)
        VALUES (p_request_id, p_account, p_feature, p_model, p_input_tokens, p_output_tokens, 0,
                acct.balance + acct.held, 'refused', p_metadata, p_now, p_now);
      RETURN jsonb_build_object('outcome', 'insufficient_credits', 'requestId', p_request_id,
        'credits', p_amount, 'balance', acct.balance + acct.held, 'available', acct.balance);
    END IF;
    UPDATE credit_accounts SET balance = balance - p_amount WHERE id = p_account
      RETURNING balance, held INTO v_balance, v_held;
  END IF;

  INSERT INTO usage_requests (id, account_id, feature, model, input_tokens, output_tokens, credits,
                              balance_after, status, metadata, created_at, resolved_at)
    VALUES (p_request_id, p_account, p_feature, p_model, p_input_tokens, p_output_tokens, p_amount,
            v_balance + v_held, 'captured', p_metadata, p_now, p_now);
  INSERT INTO transfers (account_id, kind, request_id, created_at)
    VALUES (p_account, 'debit', p_request_id, p_now) RETURNING id INTO v_transfer;
  PERFORM credits_draw(p_account, p_amount, v_transfer, p_now);
  INSERT INTO entries (transfer_id, account_id, amount, created_at)
    VALUES (v_transfer, credits_system_account('usage'), p_amount, p_now);

  v_body := jsonb_build_object('requestId', p_request_id, 'credits', p_amount, 'balance', v_balance + v_held);
  IF p_key IS NOT NULL THEN PERFORM credits_store_answer(p_account, p_key, 201, v_body); END IF;
  RETURN jsonb_build_object('outcome', 'created', 'status', 201, 'body', v_body);
END $$;
--> statement-breakpoint

-- Reserves credits (two-phase usage). They move from the account's grants to
-- the holds account, remembering which grants they came from.
CREATE FUNCTION credits_hold(
  p_account bigint, p_amount bigint, p_hold_id text, p_request_id text, p_feature text, p_model text,
  p_metadata jsonb, p_expires_at timestamptz, p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_claim jsonb;
  acct credit_accounts%ROWTYPE;
  v_transfer bigint;
  v_body jsonb;
BEGIN
  v_claim := credits_claim_key(p_account, p_key, p_hash, p_now);
  IF v_claim IS NOT NULL THEN RETURN v_claim; END IF;

  acct := credits_lock(p_account, p_now);
  IF acct.balance < p_amount THEN
    PERFORM credits_release_key(p_account, p_key);
    INSERT INTO usage_requests (id, account_id, feature, model, credits, held_credits, balance_after,
                                status, metadata, created_at, resolved_at)
      VALUES (p_request_id, p_account, p_feature, p_model, 0, p_amount, acct.balance + acct.held,
              'refused', p_metadata, p_now, p_now);
    RETURN jsonb_build_object('outcome', 'insufficient_credits', 'requestId', p_request_id,
      'credits', p_amount, 'balance', acct.balance + acct.held, 'available', acct.balance);
  END IF;

  UPDATE credit_accounts
    SET balance = balance - p_amount, held = held + p_amount,
        next_expiry_at = least(next_expiry_at, p_expires_at)
    WHERE id = p_account;
  INSERT INTO usage_requests (id, account_id, feature, model, credits, held_credits, balance_after,
                              status, metadata, created_at)
    VALUES (p_request_id, p_account, p_feature, p_model, 0, p_amount, acct.balance + acct.held,
            'pending', p_metadata, p_now);
  INSERT INTO holds (id, account_id, request_id, amount, status, expires_at, created_at)
    VALUES (p_hold_id, p_account, p_request_id, p_amount, 'pending', p_expires_at, p_now);
  INSERT INTO transfers (account_id, kind, request_id, hold_id, created_at)
    VALUES (p_account, 'hold', p_request_id, p_hold_id, p_now) RETURNING id INTO v_transfer;
  INSERT INTO hold_allocations (hold_id, grant_id, amount, position)
    SELECT p_hold_id, d.grant_id, d.taken, row_number() OVER ()
    FROM credits_draw(p_account, p_amount, v_transfer, p_now) d;
  INSERT INTO entries (transfer_id, account_id, amount, created_at)
    VALUES (v_transfer, credits_system_account('holds'), p_amount, p_now);

  v_body := jsonb_build_object('holdId', p_hold_id, 'requestId', p_request_id, 'credits', p_amount,
    'expiresAt', to_char(p_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  IF p_key IS NOT NULL THEN PERFORM credits_store_answer(p_account, p_key, 201, v_body); END IF;
  RETURN jsonb_build_object('outcome', 'created', 'status', 201, 'body', v_body);
END $$;
--> statement-breakpoint

-- Captures (p_captured not null) or releases (null) a hold. Repeating the
-- operation that resolved the hold answers as the first time did; any other
-- operation on a resolved or expired hold is hold_not_pending.
CREATE FUNCTION credits_settle_hold(p_account bigint, p_hold_id text, p_captured bigint, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  h holds%ROWTYPE;
  v_balance bigint;
  v_status text := CASE WHEN p_captured IS NULL THEN 'released' ELSE 'captured' END;
BEGIN
  PERFORM credits_lock(p_account, p_now);
  SELECT * INTO h FROM holds WHERE id = p_hold_id AND account_id = p_account;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'not_found');
  END IF;
  IF h.status <> 'pending' THEN
    IF h.status = v_status AND (p_captured IS NULL OR h.captured = p_captured) THEN
      RETURN jsonb_build_object('outcome', 'replay', 'requestId', h.request_id, 'holdId', h.id,
        'credits', h.captured, 'balance', h.balance_after, 'status', h.status);
    END IF;
    RETURN jsonb_build_object('outcome', 'hold_not_pending', 'status', h.status);
  END IF;
  IF p_captured > h.amount THEN
    RETURN jsonb_build_object('outcome', 'hold_exceeded', 'held', h.amount);
  END IF;
  v_balance := credits_resolve_hold(h.id, coalesce(p_captured, 0), v_status, p_now);
  RETURN jsonb_build_object('outcome', 'settled', 'requestId', h.request_id, 'holdId', h.id,
    'credits', coalesce(p_captured, 0), 'balance', v_balance, 'status', v_status);
END $$;
--> statement-breakpoint

-- The balance as it stands at p_now: expired grants and holds no longer count,
-- even before a sweep has written them off (it runs here when due).
CREATE FUNCTION credits_balance(p_account bigint, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  acct credit_accounts%ROWTYPE;
BEGIN
  SELECT * INTO acct FROM credit_accounts WHERE id = p_account AND user_id IS NOT NULL;
  IF acct.next_expiry_at <= p_now THEN
    acct := credits_lock(p_account, p_now);
  END IF;
  RETURN jsonb_build_object(
    'balance', acct.balance + acct.held,
    'available', acct.balance,
    'held', acct.held,
    'grants', coalesce((
      SELECT jsonb_agg(jsonb_build_object(
        'id', g.id, 'source', g.source, 'amount', g.amount, 'remaining', g.remaining,
        'priority', g.priority, 'createdAt', g.created_at, 'expiresAt', g.expires_at)
        ORDER BY g.priority, g.expires_at NULLS LAST, g.id)
      FROM grants g
      WHERE g.account_id = p_account AND g.remaining > 0 AND (g.expires_at IS NULL OR g.expires_at > p_now)
    ), '[]'::jsonb));
END $$;
--> statement-breakpoint

-- Authenticates an API key by its SHA-256 and takes one token from its rate
-- limit bucket, in one statement. Rate-limit state may lose its last few
-- updates in a crash, so this commit need not wait for the disk.
CREATE FUNCTION api_authenticate(p_hash text, p_capacity float8, p_refill_per_second float8)
RETURNS TABLE (key_id text, user_id text, account_id bigint, allowed boolean, retry_after_seconds int)
LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamptz := clock_timestamp();
BEGIN
  SET LOCAL synchronous_commit = off;
  RETURN QUERY
  WITH bucket AS (
    SELECT k.id, least(p_capacity, k.rate_tokens + extract(epoch FROM v_now - k.rate_refilled_at) * p_refill_per_second) AS tokens
    FROM api_keys k WHERE k.hash = p_hash AND k.revoked_at IS NULL
    FOR UPDATE
  )
  UPDATE api_keys k
    SET rate_tokens = CASE WHEN b.tokens >= 1 THEN b.tokens - 1 ELSE b.tokens END,
        rate_refilled_at = v_now,
        last_used_at = CASE WHEN k.last_used_at IS NULL OR k.last_used_at < v_now - interval '1 minute'
                            THEN v_now ELSE k.last_used_at END
    FROM bucket b
    WHERE k.id = b.id
    RETURNING k.id, k.user_id, k.account_id, b.tokens >= 1,
      CASE WHEN b.tokens >= 1 THEN 0 ELSE ceil((1 - b.tokens) / p_refill_per_second)::int END;
END $$;
