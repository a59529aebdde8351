-- The metering API's own overhead (issue 22). api_authenticate wrote the key's
-- row (its rate-limit bucket) on every request: a second hot row beside the
-- account. A server now takes tokens from that shared bucket in small leases
-- and spends them locally, and keeps what it learnt about the key in memory,
-- so most requests touch no row but their account's.

-- Takes up to p_want tokens from the key's bucket at once (fewer when fewer are
-- there, none when less than one is). The bucket stays the one limit across
-- every instance: a server only spends tokens it took from here, so leases can
-- make the limit stricter (a lease unspent when it lapses is lost), never looser.
CREATE FUNCTION api_take_lease(p_hash text, p_capacity float8, p_refill_per_second float8, p_want int)
RETURNS TABLE (key_id text, user_id text, account_id bigint, granted int, retry_after_seconds int)
LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamptz := clock_timestamp();
BEGIN
  -- Rate-limit state may lose its last few updates in a crash, as before.
  SET LOCAL synchronous_commit = off;
  RETURN QUERY
  WITH bucket AS (
    SELECT k.id, least(p_capacity, k.rate_tokens + extract(epoch FROM v_now - k.rate_refilled_at) * p_refill_per_second) AS tokens
    FROM api_keys k WHERE k.hash = p_hash AND k.revoked_at IS NULL
    FOR UPDATE
  ), lease AS (
    SELECT b.id, b.tokens, least(p_want, greatest(floor(b.tokens), 0))::int AS granted FROM bucket b
  )
  UPDATE api_keys k
    SET rate_tokens = l.tokens - l.granted,
        rate_refilled_at = v_now,
        last_used_at = CASE WHEN k.last_used_at IS NULL OR k.last_used_at < v_now - interval '1 minute'
                            THEN v_now ELSE k.last_used_at END
    FROM lease l
    WHERE k.id = l.id
    RETURNING k.id, k.user_id, k.account_id, l.granted,
      CASE WHEN l.granted >= 1 THEN 0 ELSE ceil((1 - l.tokens) / p_refill_per_second)::int END;
END $$;
--> statement-breakpoint

-- Every server forgets a key the moment it is revoked or deleted: the NOTIFY
-- goes out when the revocation commits and every instance LISTENs.
CREATE FUNCTION api_keys_notify_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('api_key_changed', OLD.id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER api_keys_notify_revoked
  AFTER UPDATE OF revoked_at ON api_keys
  FOR EACH ROW WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at)
  EXECUTE FUNCTION api_keys_notify_changed();
--> statement-breakpoint
CREATE TRIGGER api_keys_notify_deleted
  AFTER DELETE ON api_keys
  FOR EACH ROW EXECUTE FUNCTION api_keys_notify_changed();
