-- Issue 22, measured with track_functions: every debit calls
-- credits_system_account('usage') for its balancing entry, and as a sql
-- function that PostgreSQL cannot inline there (it is called from plpgsql) its
-- SELECT was planned again on every call: 41 µs of a ~330 µs debit. As
-- plpgsql the plan is kept for the session; same answer, same volatility.
CREATE OR REPLACE FUNCTION credits_system_account(p_key text) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT id FROM credit_accounts WHERE system_key = p_key);
END $$;
