CREATE TABLE "api_key_spend" (
	"key_id" text NOT NULL,
	"month" date NOT NULL,
	"spent" bigint DEFAULT 0 NOT NULL,
	"held" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "api_key_spend_key_id_month_pk" PRIMARY KEY("key_id","month"),
	CONSTRAINT "api_key_spend_nonnegative" CHECK ("api_key_spend"."spent" >= 0 and "api_key_spend"."held" >= 0)
);
--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "limit_key_id" text;--> statement-breakpoint
ALTER TABLE "holds" ADD COLUMN "limit_month" date;--> statement-breakpoint
ALTER TABLE "api_keys" ADD COLUMN "monthly_limit" bigint;--> statement-breakpoint
ALTER TABLE "api_key_spend" ADD CONSTRAINT "api_key_spend_key_id_api_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_monthly_limit" CHECK ("api_keys"."monthly_limit" between 1 and 10000000);--> statement-breakpoint
-- hand-written below (kept when renumbered)
-- Per-key monthly limits (issue 23). A key with api_keys.monthly_limit may
-- spend at most that many credits per calendar month in its user's time zone:
-- captured debits and captures (spent) plus pending holds (held), kept in
-- api_key_spend per key and month.
--
-- Concurrency: every write of a key's api_key_spend row happens inside a
-- ledger function that already holds the key's ACCOUNT row lock
-- (credits_lock, FOR NO KEY UPDATE), in the same transaction as the debit or
-- hold. A key belongs to one account, so the account lock serializes the
-- check "used + amount <= limit" with the write: N parallel requests cannot
-- overshoot. Lock order stays: account rows (a batch in id order), then the
-- idempotency key, then the api_key_spend row (and the KEY SHARE its foreign
-- key takes on api_keys). No transaction takes an account lock while holding
-- a spend row, and the settings page's UPDATE of monthly_limit takes only the
-- api_keys row (no KEY SHARE conflict), so no cycle can form.
--
-- Keys without a limit pay one primary-key read of api_keys (to learn they
-- have none) and no write.

-- The limit of a key at p_now: NULLs when it has none. limit_month is the
-- first day of the month in the user's zone (UTC when unknown, or when
-- PostgreSQL does not know the zone the browser reported).
CREATE FUNCTION credits_key_limit(p_key_id text, p_now timestamptz,
  OUT limit_credits bigint, OUT limit_month date, OUT limit_used bigint, OUT limit_resets_at timestamptz,
  OUT limit_zone text)
LANGUAGE plpgsql AS $$
BEGIN
  SELECT k.monthly_limit, coalesce(u.time_zone, 'UTC') INTO limit_credits, limit_zone
    FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.id = p_key_id;
  IF limit_credits IS NULL THEN
    limit_zone := NULL;
    RETURN;
  END IF;
  BEGIN
    limit_month := date_trunc('month', p_now AT TIME ZONE limit_zone)::date;
  EXCEPTION WHEN invalid_parameter_value THEN
    limit_zone := 'UTC';
    limit_month := date_trunc('month', p_now AT TIME ZONE limit_zone)::date;
  END;
  limit_resets_at := (limit_month + interval '1 month')::timestamp AT TIME ZONE limit_zone;
  SELECT s.spent + s.held INTO limit_used FROM api_key_spend s
    WHERE s.key_id = p_key_id AND s.month = limit_month;
  limit_used := coalesce(limit_used, 0);
END $$;
--> statement-breakpoint

-- The answer to a request that the key's own limit refuses (logged as refused,
-- like a request the balance refuses; no idempotency key is written).
CREATE FUNCTION credits_refuse_key_limit(
  p_account bigint, p_amount bigint, p_held bigint, p_request_id text, p_feature text, p_model text,
  p_input_tokens int, p_output_tokens int, p_metadata jsonb, p_now timestamptz,
  p_limit bigint, p_used bigint, p_resets_at timestamptz, p_zone text)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_balance bigint;
  v_held bigint;
BEGIN
  SELECT balance, held INTO v_balance, v_held FROM credit_accounts WHERE id = p_account;
  INSERT INTO usage_requests (id, account_id, feature, model, input_tokens, output_tokens, credits, held_credits,
                              balance_after, status, metadata, created_at, resolved_at)
    VALUES (p_request_id, p_account, p_feature, p_model, p_input_tokens, p_output_tokens, 0, p_held,
            v_balance + v_held, 'refused', p_metadata, p_now, p_now);
  RETURN jsonb_build_object('outcome', 'key_limit_reached', 'requestId', p_request_id, 'credits', p_amount,
    'limit', p_limit, 'used', p_used, 'timeZone', p_zone,
    'resetsAt', to_char(p_resets_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
END $$;
--> statement-breakpoint

DROP FUNCTION credits_debit_locked(bigint, bigint, text, text, text, int, int, jsonb, text, text, timestamptz);
--> statement-breakpoint

-- One debit, its account already locked (and swept) by the caller. p_api_key
-- is the key that made the request (NULL from callers outside the API).
-- Outcomes: created | replay | idempotency_conflict | insufficient_credits | key_limit_reached.
CREATE FUNCTION credits_debit_locked(
  p_account bigint, p_amount bigint, p_request_id text, p_feature text, p_model text,
  p_input_tokens int, p_output_tokens int, p_metadata jsonb,
  p_key text, p_hash text, p_now timestamptz, p_api_key text DEFAULT NULL)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  k idempotency_keys%ROWTYPE;
  v_balance bigint;
  v_held bigint;
  v_transfer bigint;
  v_body jsonb;
  v_limit bigint;
  v_month date;
  v_used bigint;
  v_resets timestamptz;
  v_zone text;
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

  IF p_api_key IS NOT NULL THEN
    SELECT * INTO v_limit, v_month, v_used, v_resets, v_zone FROM credits_key_limit(p_api_key, p_now);
    -- An account too poor to pay answers insufficient_credits, as without a limit (below).
    IF v_limit IS NOT NULL AND v_used + p_amount > v_limit
       AND (SELECT balance FROM credit_accounts WHERE id = p_account) >= p_amount THEN
      RETURN credits_refuse_key_limit(p_account, p_amount, 0, p_request_id, p_feature, p_model,
        p_input_tokens, p_output_tokens, p_metadata, p_now, v_limit, v_used, v_resets, v_zone);
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
  IF v_limit IS NOT NULL THEN
    INSERT INTO api_key_spend AS s (key_id, month, spent) VALUES (p_api_key, v_month, p_amount)
      ON CONFLICT (key_id, month) DO UPDATE SET spent = s.spent + EXCLUDED.spent;
  END IF;

  v_body := jsonb_build_object('requestId', p_request_id, 'credits', p_amount, 'balance', v_balance + v_held);
  IF p_key IS NOT NULL THEN
    INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at)
      VALUES (p_account, p_key, p_hash, 201, v_body, p_now);
  END IF;
  RETURN jsonb_build_object('outcome', 'created', 'status', 201, 'body', v_body);
END $$;
--> statement-breakpoint

-- The batch, as in 0016, now passing each item's apiKeyId.
CREATE OR REPLACE FUNCTION credits_debit_batch(p_items jsonb, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
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
                                   "inputTokens" int, "outputTokens" int, metadata jsonb, key text, hash text,
                                   "apiKeyId" text)
    ORDER BY e.n
  LOOP
    v_out := v_out || credits_debit_locked(it."accountId", it.credits, it."requestId", it.feature, it.model,
      it."inputTokens", it."outputTokens", it.metadata, it.key, it.hash, p_now, it."apiKeyId");
  END LOOP;
  RETURN to_jsonb(v_out);
END $$;
--> statement-breakpoint

DROP FUNCTION credits_hold(bigint, bigint, text, text, text, text, jsonb, timestamptz, text, text, timestamptz);
--> statement-breakpoint

-- A hold, as in 0016, that also reserves against its key's monthly limit: the
-- hold row names the key and month, and holds_key_spend keeps api_key_spend.held.
CREATE FUNCTION credits_hold(
  p_account bigint, p_amount bigint, p_hold_id text, p_request_id text, p_feature text, p_model text,
  p_metadata jsonb, p_expires_at timestamptz, p_key text, p_hash text, p_now timestamptz,
  p_api_key text DEFAULT NULL)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_claim jsonb;
  acct credit_accounts%ROWTYPE;
  v_transfer bigint;
  v_body jsonb;
  v_limit bigint;
  v_month date;
  v_used bigint;
  v_resets timestamptz;
  v_zone text;
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

  IF p_api_key IS NOT NULL THEN
    SELECT * INTO v_limit, v_month, v_used, v_resets, v_zone FROM credits_key_limit(p_api_key, p_now);
    IF v_limit IS NOT NULL AND v_used + p_amount > v_limit THEN
      PERFORM credits_release_key(p_account, p_key);
      RETURN credits_refuse_key_limit(p_account, p_amount, p_amount, p_request_id, p_feature, p_model,
        NULL, NULL, p_metadata, p_now, v_limit, v_used, v_resets, v_zone);
    END IF;
  END IF;

  UPDATE credit_accounts
    SET balance = balance - p_amount, held = held + p_amount,
        next_expiry_at = least(next_expiry_at, p_expires_at)
    WHERE id = p_account;
  INSERT INTO usage_requests (id, account_id, feature, model, credits, held_credits, balance_after,
                              status, metadata, created_at)
    VALUES (p_request_id, p_account, p_feature, p_model, 0, p_amount, acct.balance + acct.held,
            'pending', p_metadata, p_now);
  INSERT INTO holds (id, account_id, request_id, amount, status, expires_at, created_at, limit_key_id, limit_month)
    VALUES (p_hold_id, p_account, p_request_id, p_amount, 'pending', p_expires_at, p_now,
            CASE WHEN v_limit IS NOT NULL THEN p_api_key END, v_month);
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

-- A limited key's hold moves its month's counters wherever the hold changes:
-- placed (held +amount), captured (held −amount, spent +captured), released or
-- expired by a sweep (held −amount), shrunk by a clawback (held −what it gave
-- up). Every one of those runs under the account lock (see the top). The hold
-- keeps the month it was placed in: a capture after the month turned counts in
-- that month, and the new month starts from nothing.
CREATE FUNCTION holds_key_spend() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_held bigint := CASE WHEN NEW.status = 'pending' THEN NEW.amount ELSE 0 END;
  v_spent bigint := coalesce(NEW.captured, 0);
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO api_key_spend AS s (key_id, month, spent, held)
      VALUES (NEW.limit_key_id, NEW.limit_month, v_spent, v_held)
      ON CONFLICT (key_id, month) DO UPDATE SET spent = s.spent + EXCLUDED.spent, held = s.held + EXCLUDED.held;
    RETURN NULL;
  END IF;
  v_held := v_held - CASE WHEN OLD.status = 'pending' THEN OLD.amount ELSE 0 END;
  v_spent := v_spent - coalesce(OLD.captured, 0);
  IF v_held <> 0 OR v_spent <> 0 THEN
    UPDATE api_key_spend SET spent = spent + v_spent, held = held + v_held
      WHERE key_id = NEW.limit_key_id AND month = NEW.limit_month;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER holds_key_spend AFTER INSERT OR UPDATE OF status, amount, captured ON holds
  FOR EACH ROW WHEN (NEW.limit_key_id IS NOT NULL) EXECUTE FUNCTION holds_key_spend();
