ALTER TABLE "entries" DROP CONSTRAINT "entries_account_id_credit_accounts_id_fk";
