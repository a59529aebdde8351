-- credits_lock took the account row FOR UPDATE, which conflicts with the
-- FOR KEY SHARE lock that every foreign-key insert on the account takes
-- (idempotency_keys, usage_requests, holds, transfers). A keyed debit or hold
-- claims its idempotency key first (KEY SHARE on the account), then, when the
-- fast path cannot pay (balance short, or a sweep due), locks the account:
-- two such requests at once each waited for the other's KEY SHARE, and
-- PostgreSQL aborted one as a deadlock (an HTTP 500 instead of a 402, found
-- by faults/crash.test.ts; 36 of 40 concurrent keyed debits on an empty
-- account deadlocked). FOR NO KEY UPDATE is what the fast path's UPDATE of
-- the balance takes anyway: it still serializes every writer of the account
-- and does not conflict with KEY SHARE.
CREATE OR REPLACE FUNCTION credits_lock(p_account bigint, p_now timestamptz) RETURNS credit_accounts LANGUAGE plpgsql AS $$
DECLARE
  acct credit_accounts%ROWTYPE;
BEGIN
  SELECT * INTO acct FROM credit_accounts WHERE id = p_account AND user_id IS NOT NULL FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'credit account % not found', p_account USING ERRCODE = 'no_data_found';
  END IF;
  IF acct.next_expiry_at <= p_now THEN
    PERFORM credits_sweep(p_account, p_now);
    SELECT * INTO acct FROM credit_accounts WHERE id = p_account;
  END IF;
  RETURN acct;
END $$;
