-- Custom SQL migration file, put your code below! --
-- hand-written below (kept when renumbered)
-- A batch of debits, set-based (issue 22). Until now the batch called
-- credits_debit_locked once per item: about ten statements each, and for a
-- hot account the same credit_accounts row and the same grant row updated
-- once per item, each update a new row version, a NOTIFY and a refill check.
-- Now each account's items are decided in memory, one after the other, by the
-- same rules (idempotency, the key's monthly limit, the available balance,
-- grants by priority, then soonest expiry, then oldest), and the batch's new
-- rows are written with one statement per table; every account and every
-- grant it touched is updated once, to where the batch left it.
--
-- What stays per item: its own outcome, its usage_requests row with the
-- balance after it, its own transfer with one entry per grant it drew from
-- and one to the usage account, its own idempotency key. Concurrency is as
-- before: each account of the batch is locked (and swept) before its items
-- are decided, accounts in id order, and nothing read here can change without
-- that lock; this batch's own keys are remembered in v_seen, so a duplicate
-- key inside one batch is a replay, as it is across batches.
CREATE OR REPLACE FUNCTION credits_debit_batch(p_items jsonb, p_now timestamptz) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_out jsonb[] := array_fill(NULL::jsonb, ARRAY[jsonb_array_length(p_items)]);
  v_usage_account bigint := credits_system_account('usage');
  v_account bigint;
  acct credit_accounts%ROWTYPE;
  it record;
  k idempotency_keys%ROWTYPE;
  v_seen jsonb;
  v_key_added jsonb := '{}';
  v_balance bigint;
  v_body jsonb;
  v_need bigint;
  v_take bigint;
  i int;
  g_id bigint[] := '{}';
  g_left bigint[] := '{}';
  g_start bigint[] := '{}';
  g_first int;
  v_grants bigint[];
  v_remaining bigint[];
  a_id bigint[] := '{}';
  a_start bigint[] := '{}';
  a_balance bigint[] := '{}';
  v_limit bigint;
  v_month date;
  v_used bigint;
  v_resets timestamptz;
  v_zone text;
  v_status text;
  v_held bigint;
  -- The rows to write, in batch order.
  u_id text[] := '{}';
  u_account bigint[] := '{}';
  u_feature text[] := '{}';
  u_model text[] := '{}';
  u_input int[] := '{}';
  u_output int[] := '{}';
  u_credits bigint[] := '{}';
  u_held bigint[] := '{}';
  u_balance bigint[] := '{}';
  u_status text[] := '{}';
  u_metadata jsonb[] := '{}';
  v_transfer bigint;
  t_id bigint[] := '{}';
  t_account bigint[] := '{}';
  t_request text[] := '{}';
  e_transfer bigint[] := '{}';
  e_account bigint[] := '{}';
  e_grant bigint[] := '{}';
  e_amount bigint[] := '{}';
  ik_account bigint[] := '{}';
  ik_key text[] := '{}';
  ik_hash text[] := '{}';
  ik_body jsonb[] := '{}';
  ks_key text[] := '{}';
  ks_month date[] := '{}';
  ks_spent bigint[] := '{}';
BEGIN
  -- One pass over the items, account by account in id order (the order every batch and single
  -- call locks accounts in, so none waits on another in a cycle), each account's items in batch order.
  FOR it IN
    SELECT e.n, x.* FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(item, n),
      jsonb_to_record(e.item) AS x("accountId" bigint, credits bigint, "requestId" text, feature text, model text,
                                   "inputTokens" int, "outputTokens" int, metadata jsonb, key text, hash text,
                                   "apiKeyId" text)
    ORDER BY x."accountId", e.n
  LOOP
    IF v_account IS DISTINCT FROM it."accountId" THEN
      v_account := it."accountId";
      acct := credits_lock(v_account, p_now);
      v_seen := '{}';
      -- Its spendable grants join the batch's list in drawing order; g_first is where they start.
      g_first := cardinality(g_id) + 1;
      SELECT coalesce(array_agg(g.id ORDER BY g.priority, g.expires_at NULLS LAST, g.id), '{}'),
             coalesce(array_agg(g.remaining ORDER BY g.priority, g.expires_at NULLS LAST, g.id), '{}')
        INTO v_grants, v_remaining
        FROM grants g
        WHERE g.account_id = v_account AND g.remaining > 0 AND (g.expires_at IS NULL OR g.expires_at > p_now);
      g_id := g_id || v_grants;
      g_start := g_start || v_remaining;
      g_left := g_left || v_remaining;
      -- The account's running balance is the last element of a_balance.
      a_id := a_id || v_account;
      a_balance := a_balance || acct.balance;
      a_start := a_start || acct.balance;
    END IF;
    v_balance := a_balance[cardinality(a_balance)];

    IF it.key IS NOT NULL THEN
      IF v_seen ? it.key THEN
        v_out[it.n] := CASE WHEN v_seen->it.key->>'hash' <> it.hash
          THEN jsonb_build_object('outcome', 'idempotency_conflict')
          ELSE jsonb_build_object('outcome', 'replay', 'status', 201, 'body', v_seen->it.key->'body') END;
        CONTINUE;
      END IF;
      SELECT * INTO k FROM idempotency_keys WHERE account_id = v_account AND key = it.key;
      IF FOUND THEN
        v_out[it.n] := CASE WHEN k.request_hash <> it.hash
          THEN jsonb_build_object('outcome', 'idempotency_conflict')
          ELSE jsonb_build_object('outcome', 'replay', 'status', k.response_status, 'body', k.response_body) END;
        CONTINUE;
      END IF;
    END IF;

    -- Its request row is written whatever the answer: refused (by the key's limit or the
    -- balance) with 0 credits, or captured.
    v_limit := NULL;
    v_status := 'captured';
    v_held := NULL;
    IF it."apiKeyId" IS NOT NULL THEN
      SELECT * INTO v_limit, v_month, v_used, v_resets, v_zone FROM credits_key_limit(it."apiKeyId", p_now);
      v_used := v_used + coalesce((v_key_added->>it."apiKeyId")::bigint, 0);
      -- An account too poor to pay answers insufficient_credits, as without a limit (below).
      IF v_limit IS NOT NULL AND v_used + it.credits > v_limit AND v_balance >= it.credits THEN
        v_status := 'refused';
        v_held := 0;
        v_out[it.n] := jsonb_build_object('outcome', 'key_limit_reached', 'requestId', it."requestId",
          'credits', it.credits, 'limit', v_limit, 'used', v_used, 'timeZone', v_zone,
          'resetsAt', to_char(v_resets AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
      END IF;
    END IF;
    IF v_status = 'captured' AND v_balance < it.credits THEN
      v_status := 'refused';
      v_out[it.n] := jsonb_build_object('outcome', 'insufficient_credits', 'requestId', it."requestId",
        'credits', it.credits, 'balance', v_balance + acct.held, 'available', v_balance);
    END IF;
    IF v_status = 'captured' THEN
      v_balance := v_balance - it.credits;
    END IF;
    u_id := u_id || it."requestId"; u_account := u_account || v_account; u_feature := u_feature || it.feature;
    u_model := u_model || it.model; u_input := u_input || it."inputTokens"; u_output := u_output || it."outputTokens";
    u_credits := u_credits || CASE WHEN v_status = 'captured' THEN it.credits ELSE 0 END;
    u_held := u_held || v_held; u_balance := u_balance || (v_balance + acct.held);
    u_status := u_status || v_status; u_metadata := u_metadata || it.metadata;
    IF v_status = 'refused' THEN
      CONTINUE;
    END IF;

    -- Its transfer: an id drawn now, so its entries can name it before any row is written.
    v_transfer := nextval('transfers_id_seq');
    t_id := t_id || v_transfer; t_account := t_account || v_account; t_request := t_request || it."requestId";
    -- Draw from the grants as credits_draw does, on this batch's running remainders.
    v_need := it.credits;
    i := g_first;
    WHILE v_need > 0 LOOP
      IF i > cardinality(g_id) THEN
        -- The cached balance said the credits were there; the grants disagree.
        RAISE EXCEPTION 'ledger inconsistency: account % is % credits short in its grants', v_account, v_need;
      END IF;
      IF g_left[i] > 0 THEN
        v_take := least(g_left[i], v_need);
        g_left[i] := g_left[i] - v_take;
        v_need := v_need - v_take;
        e_transfer := e_transfer || v_transfer; e_account := e_account || v_account;
        e_grant := e_grant || g_id[i]; e_amount := e_amount || -v_take;
      END IF;
      i := i + 1;
    END LOOP;
    e_transfer := e_transfer || v_transfer; e_account := e_account || v_usage_account;
    e_grant := e_grant || NULL::bigint; e_amount := e_amount || it.credits;

    IF v_limit IS NOT NULL THEN
      v_key_added := v_key_added || jsonb_build_object(it."apiKeyId",
        coalesce((v_key_added->>it."apiKeyId")::bigint, 0) + it.credits);
      ks_key := ks_key || it."apiKeyId"; ks_month := ks_month || v_month; ks_spent := ks_spent || it.credits;
    END IF;

    v_body := jsonb_build_object('requestId', it."requestId", 'credits', it.credits, 'balance', v_balance + acct.held);
    IF it.key IS NOT NULL THEN
      v_seen := v_seen || jsonb_build_object(it.key, jsonb_build_object('hash', it.hash, 'body', v_body));
      ik_account := ik_account || v_account; ik_key := ik_key || it.key; ik_hash := ik_hash || it.hash;
      ik_body := ik_body || v_body;
    END IF;
    v_out[it.n] := jsonb_build_object('outcome', 'created', 'status', 201, 'body', v_body);
    a_balance[cardinality(a_balance)] := v_balance;
  END LOOP;

  -- The writes: one statement per table for the whole batch.
  INSERT INTO usage_requests (id, account_id, feature, model, input_tokens, output_tokens, credits, held_credits,
                              balance_after, status, metadata, created_at, resolved_at)
    SELECT u.*, p_now, p_now
    FROM unnest(u_id, u_account, u_feature, u_model, u_input, u_output, u_credits, u_held, u_balance, u_status,
                u_metadata) AS u;
  INSERT INTO transfers (id, account_id, kind, request_id, created_at) OVERRIDING SYSTEM VALUE
    SELECT t.id, t.account_id, 'debit', t.request_id, p_now FROM unnest(t_id, t_account, t_request) AS t(id, account_id, request_id);
  INSERT INTO entries (transfer_id, account_id, grant_id, amount, created_at)
    SELECT e.*, p_now FROM unnest(e_transfer, e_account, e_grant, e_amount) AS e;
  -- Each grant and account once, to where the batch left it (only those it changed), one
  -- primary-key update at a time: a join against the arrays would be planned for a hundred rows.
  FOR i IN 1 .. cardinality(g_id) LOOP
    IF g_left[i] <> g_start[i] THEN
      UPDATE grants SET remaining = g_left[i] WHERE id = g_id[i];
    END IF;
  END LOOP;
  FOR i IN 1 .. cardinality(a_id) LOOP
    IF a_balance[i] <> a_start[i] THEN
      UPDATE credit_accounts SET balance = a_balance[i] WHERE id = a_id[i];
    END IF;
  END LOOP;
  INSERT INTO idempotency_keys (account_id, key, request_hash, response_status, response_body, created_at)
    SELECT d.account_id, d.key, d.hash, 201, d.body, p_now
    FROM unnest(ik_account, ik_key, ik_hash, ik_body) AS d(account_id, key, hash, body);
  INSERT INTO api_key_spend AS s (key_id, month, spent)
    SELECT d.key_id, d.month, sum(d.spent) FROM unnest(ks_key, ks_month, ks_spent) AS d(key_id, month, spent)
    GROUP BY d.key_id, d.month
    ON CONFLICT (key_id, month) DO UPDATE SET spent = s.spent + EXCLUDED.spent;
  RETURN to_jsonb(v_out);
END $$;
--> statement-breakpoint
-- The single debit, kept for callers outside the app (and the old signature): a batch of one.
CREATE OR REPLACE FUNCTION credits_debit(
  p_account bigint, p_amount bigint, p_request_id text, p_feature text, p_model text,
  p_input_tokens int, p_output_tokens int, p_metadata jsonb,
  p_key text, p_hash text, p_now timestamptz)
RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  RETURN credits_debit_batch(jsonb_build_array(jsonb_build_object(
    'accountId', p_account, 'credits', p_amount, 'requestId', p_request_id, 'feature', p_feature, 'model', p_model,
    'inputTokens', p_input_tokens, 'outputTokens', p_output_tokens, 'metadata', p_metadata,
    'key', p_key, 'hash', p_hash)), p_now)->0;
END $$;
--> statement-breakpoint
-- The batch and the single debit above were its only callers.
DROP FUNCTION credits_debit_locked(bigint, bigint, text, text, text, int, int, jsonb, text, text, timestamptz, text);
