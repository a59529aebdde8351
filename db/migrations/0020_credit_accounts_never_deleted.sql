-- entries.account_id no longer has a foreign key (0019: its FOR KEY SHARE check
-- serialized every ledger transaction on the `usage` system account's row).
-- What the key also guaranteed, that an account with entries is never deleted,
-- is kept here for every account: credit accounts are never deleted (users
-- with one could not be deleted before either: users → credit_accounts is
-- ON DELETE RESTRICT).
CREATE TRIGGER credit_accounts_never_deleted BEFORE DELETE ON credit_accounts
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
CREATE TRIGGER credit_accounts_no_truncate BEFORE TRUNCATE ON credit_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
--> statement-breakpoint
ALTER TABLE credit_accounts ENABLE ALWAYS TRIGGER credit_accounts_never_deleted;
--> statement-breakpoint
ALTER TABLE credit_accounts ENABLE ALWAYS TRIGGER credit_accounts_no_truncate;
