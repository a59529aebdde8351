-- Custom SQL migration file, put your code below! --
-- hand-written below (kept when renumbered)
-- Group commit for holds and for captures and releases (issue 22), as 0016 did
-- for debits: the calls that arrive together in one process run in one
-- transaction, one commit for all. Each item is the unchanged single call
-- (credits_hold, credits_settle_hold), in batch order, with its own clock and
-- its own answer; the batch first locks its accounts in id order, the order
-- every ledger call takes account locks in, so batches and single calls
-- never wait on each other in a cycle. Duplicate idempotency keys inside one
-- batch behave as across batches: the later call sees the earlier one's key.

-- Locks (and sweeps) every account of a batch, in id order, each at the earliest clock of its items.
CREATE FUNCTION credits_lock_batch(p_items jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  a record;
BEGIN
  FOR a IN
    SELECT (e->>'accountId')::bigint AS id, min((e->>'now')::timestamptz) AS at
    FROM jsonb_array_elements(p_items) e GROUP BY 1 ORDER BY 1
  LOOP
    PERFORM credits_lock(a.id, a.at);
  END LOOP;
END $$;
--> statement-breakpoint
CREATE FUNCTION credits_hold_batch(p_items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_out jsonb[] := '{}';
  it record;
BEGIN
  PERFORM credits_lock_batch(p_items);
  FOR it IN
    SELECT x.* FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(item, n),
      jsonb_to_record(e.item) AS x("accountId" bigint, credits bigint, "holdId" text, "requestId" text, feature text,
                                   model text, metadata jsonb, "expiresAt" timestamptz, key text, hash text,
                                   now timestamptz, "apiKeyId" text)
    ORDER BY e.n
  LOOP
    v_out := v_out || credits_hold(it."accountId", it.credits, it."holdId", it."requestId", it.feature, it.model,
      it.metadata, it."expiresAt", it.key, it.hash, it.now, it."apiKeyId");
  END LOOP;
  RETURN to_jsonb(v_out);
END $$;
--> statement-breakpoint
CREATE FUNCTION credits_settle_batch(p_items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_out jsonb[] := '{}';
  it record;
BEGIN
  PERFORM credits_lock_batch(p_items);
  FOR it IN
    SELECT x.* FROM jsonb_array_elements(p_items) WITH ORDINALITY AS e(item, n),
      jsonb_to_record(e.item) AS x("accountId" bigint, "holdId" text, captured bigint, now timestamptz)
    ORDER BY e.n
  LOOP
    v_out := v_out || credits_settle_hold(it."accountId", it."holdId", it.captured, it.now);
  END LOOP;
  RETURN to_jsonb(v_out);
END $$;
