-- Group commit (issue 22). Concurrent debits waiting in one server process are
-- applied by ONE call of credits_debit_batch, in one transaction: one round
-- trip and one commit (one WAL flush) for the whole batch instead of one each,
-- which was most of a debit's cost on a hot account.
--
-- Lock order, everywhere a debit or a hold runs: the account row(s) first (a
-- batch takes all of its accounts in id order, so two batches never deadlock),
-- then the idempotency key. Every writer of an account's idempotency keys now
-- holds that account's row lock, so a debit no longer needs to claim its key
-- up front (an INSERT, later an UPDATE with the answer, and a DELETE when
-- refused): it looks the key up and inserts it once, with its answer. A refused
-- request (402) writes no key at all, so it still does not use it up.

-- One debit, its account already locked (and swept) by the caller.
-- Outcomes: created | replay | idempotency_conflict | insufficient_credits.
CREATE FUNCTION credits_debit_locked(
  p_account bigint, p_amount bigint, p_request_id text, p_feature text, p_model text,
  p_input_tokens int, p_output_tokens int, p_metadata jsonb,
  p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k idempotency_keys%ROWTYPE;
  v_balance bigint;
  v_held bigint;
  v_transfer bigint;
  v_body jsonb;
BEGIN
  IF p_key IS NOT NULL THEN
    SELECT * INTO k FROM idempotency_keys WHERE account_id = p_account AND key = p_key;
    IF FOUND THEN
      IF k.request_hash <> p_hash THEN
        RETURN jsonb_build_object('outcome', 'idempotency_conflict');
      END IF;
      RETURN jsonb_build_object('outcome', 'replay', 'status', k.response_status, 'body', k.response_body);
    END IF;
  END IF;

  UPDATE credit_accounts SET balance = balance - p_amount
    WHERE id = p_account AND balance >= p_amount
    RETURNING balance, held INTO v_balance, v_held;
  IF NOT FOUND THEN
    SELECT balance, held INTO v_balance, v_held FROM credit_accounts WHERE id = p_account;
    INSERT INTO usage_requests (id, account_id, feature, model, input_tokens, output_tokens, credits,
                                balance_after, status, metadata, created_at, resolved_at)
      VALUES (p_request_id, p_account, p_feature, p_model, p_input_tokens, p_output_tokens, 0,
              v_balance + v_held, 'refused', p_metadata, p_now, p_now);
    RETURN jsonb_build_object('outcome', 'insufficient_credits', 'requestId', p_request_id,
      'credits', p_amount, 'balance', v_balance + v_held, 'available', v_balance);
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
  IF p_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at)
      VALUES (p_account, p_key, p_hash, 201, v_body, p_now);
  END IF;
  RETURN jsonb_build_object('outcome', 'created', 'status', 201, 'body', v_body);
END $$;
--> statement-breakpoint

-- A batch of debits: p_items is a JSON array of {accountId, credits, requestId,
-- feature, model, inputTokens, outputTokens, metadata, key, hash}. Answers a
-- JSON array of outcomes, one per item in the same order. Items are applied in
-- order, so same-key items in one batch behave as if sent one after another
-- (the second is a replay or a conflict). An error (an unknown account) fails
-- the whole batch; the caller then retries its items one by one.
CREATE FUNCTION credits_debit_batch(p_items jsonb, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_account bigint;
  v_out jsonb[] := '{}';
  it record;
BEGIN
  FOR v_account IN
    SELECT DISTINCT (e->>'accountId')::bigint FROM jsonb_array_elements(p_items) e ORDER BY 1
  LOOP
    PERFORM credits_lock(v_account, p_now);
  END LOOP;
  FOR it IN
    SELECT x.* FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(item, n),
      jsonb_to_record(e.item) AS x("accountId" bigint, credits bigint, "requestId" text, feature text, model text,
                                   "inputTokens" int, "outputTokens" int, metadata jsonb, key text, hash text)
    ORDER BY e.n
  LOOP
    v_out := v_out || credits_debit_locked(it."accountId", it.credits, it."requestId", it.feature, it.model,
      it."inputTokens", it."outputTokens", it.metadata, it.key, it.hash, p_now);
  END LOOP;
  RETURN to_jsonb(v_out);
END $$;
--> statement-breakpoint

-- The single debit, kept for callers outside the app (and the old signature):
-- the same rules, the same lock order.
CREATE OR REPLACE FUNCTION credits_debit(
  p_account bigint, p_amount bigint, p_request_id text, p_feature text, p_model text,
  p_input_tokens int, p_output_tokens int, p_metadata jsonb,
  p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  PERFORM credits_lock(p_account, p_now);
  RETURN credits_debit_locked(p_account, p_amount, p_request_id, p_feature, p_model,
    p_input_tokens, p_output_tokens, p_metadata, p_key, p_hash, p_now);
END $$;
--> statement-breakpoint

-- A hold now takes its account lock before its idempotency key, as a debit
-- does: with the key first, a hold waiting for the account behind a batch that
-- waits for the same key would deadlock.
CREATE OR REPLACE FUNCTION credits_hold(
  p_account bigint, p_amount bigint, p_hold_id text, p_request_id text, p_feature text, p_model text,
  p_metadata jsonb, p_expires_at timestamptz, p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_claim jsonb;
  acct credit_accounts%ROWTYPE;
  v_transfer bigint;
  v_body jsonb;
BEGIN
  acct := credits_lock(p_account, p_now);
  v_claim := credits_claim_key(p_account, p_key, p_hash, p_now);
  IF v_claim IS NOT NULL THEN RETURN v_claim; END IF;

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
