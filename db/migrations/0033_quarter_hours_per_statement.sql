-- Custom SQL migration file, put your code below! --
-- hand-written below (kept when renumbered)
-- usage_quarter_hours kept once per INSERT statement instead of once per row
-- (issue 22): a debit batch inserts all its requests in one statement (0032),
-- and a hot account's requests of one batch share a quarter-hour bucket, so a
-- batch of sixteen upserted the same bucket row sixteen times. Now the
-- statement's captured rows are summed per bucket and each bucket is upserted
-- once, in key order. Updates (a hold's capture) keep the row trigger of 0030.
DROP TRIGGER usage_quarter_hours_insert ON usage_requests;
--> statement-breakpoint
CREATE FUNCTION usage_quarter_hours_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO usage_quarter_hours AS q (account_id, bucket, feature, credits, requests)
    SELECT r.account_id, date_bin('15 minutes', r.created_at, timestamptz '2000-01-01 00:00:00+00'), r.feature,
           sum(r.credits), count(*)
    FROM inserted r WHERE r.status = 'captured'
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (account_id, bucket, feature)
    DO UPDATE SET credits = q.credits + EXCLUDED.credits, requests = q.requests + EXCLUDED.requests;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER usage_quarter_hours_insert AFTER INSERT ON usage_requests
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION usage_quarter_hours_insert();
