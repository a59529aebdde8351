/**
 * Scale-out, checked (issue 22, DESIGN.md §2): every table that carries
 * `account_id` can be distributed by it (Citus) unchanged only if each of its
 * unique indexes (the primary key included) and each of its foreign keys to
 * another account-scoped table includes `account_id`, so that uniqueness and
 * references are checked within one shard. This reads the catalog of the
 * migrated database and lists every index and key that does not.
 *
 * Not yet so (README "Scaling"): the list below is what is left, each with
 * what its fix is. The test fails on any new index or key without account_id,
 * and when one of these is fixed (so the list only shrinks).
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";

// Surrogate primary keys (bigint identity or random text ids): become (account_id, id), and the
// foreign keys that point at them (entries → transfers/grants, holds → usage_requests, …) gain account_id.
const SURROGATE_KEYS = [
  "api_keys: unique index api_keys_pkey (CREATE UNIQUE INDEX api_keys_pkey ON api_keys USING btree (id))",
  "credit_adjustments: unique index credit_adjustments_pkey (CREATE UNIQUE INDEX credit_adjustments_pkey ON credit_adjustments USING btree (id))",
  "disputes: unique index disputes_pkey (CREATE UNIQUE INDEX disputes_pkey ON disputes USING btree (id))",
  "entries: unique index entries_pkey (CREATE UNIQUE INDEX entries_pkey ON entries USING btree (id))",
  "grants: unique index grants_pkey (CREATE UNIQUE INDEX grants_pkey ON grants USING btree (id))",
  "holds: unique index holds_pkey (CREATE UNIQUE INDEX holds_pkey ON holds USING btree (id))",
  "problem_reports: unique index problem_reports_pkey (CREATE UNIQUE INDEX problem_reports_pkey ON problem_reports USING btree (id))",
  "purchases: unique index purchases_pkey (CREATE UNIQUE INDEX purchases_pkey ON purchases USING btree (id))",
  "refills: unique index refills_pkey (CREATE UNIQUE INDEX refills_pkey ON refills USING btree (id))",
  "report_screenshots: unique index report_screenshots_pkey (CREATE UNIQUE INDEX report_screenshots_pkey ON report_screenshots USING btree (id))",
  "transfers: unique index transfers_pkey (CREATE UNIQUE INDEX transfers_pkey ON transfers USING btree (id))",
  "usage_requests: unique index usage_requests_pkey (CREATE UNIQUE INDEX usage_requests_pkey ON usage_requests USING btree (id))",
];
const SURROGATE_REFERENCES = [
  "credit_adjustments: foreign key credit_adjustments_grant_id_grants_id_fk FOREIGN KEY (grant_id) REFERENCES grants(id)",
  "credit_adjustments: foreign key credit_adjustments_report_id_problem_reports_id_fk FOREIGN KEY (report_id) REFERENCES problem_reports(id)",
  "disputes: foreign key disputes_purchase_id_purchases_id_fk FOREIGN KEY (purchase_id) REFERENCES purchases(id)",
  "entries: foreign key entries_grant_id_grants_id_fk FOREIGN KEY (grant_id) REFERENCES grants(id)",
  "entries: foreign key entries_transfer_id_transfers_id_fk FOREIGN KEY (transfer_id) REFERENCES transfers(id)",
  "holds: foreign key holds_request_id_usage_requests_id_fk FOREIGN KEY (request_id) REFERENCES usage_requests(id)",
  "report_screenshots: foreign key report_screenshots_report_id_problem_reports_id_fk FOREIGN KEY (report_id) REFERENCES problem_reports(id) ON DELETE CASCADE",
];
// Uniqueness that is global on purpose (a key is found by its hash before its account is known; a
// PaymentIntent, a grant's external reference and a report credit once, whoever asks): each moves to
// a small lookup table keyed by that value (a Citus reference table, or one distributed by it) that
// names the account, written in the same transaction.
const GLOBAL_UNIQUES = [
  "api_keys: unique index api_keys_hash_key (CREATE UNIQUE INDEX api_keys_hash_key ON api_keys USING btree (hash))",
  "credit_adjustments: unique index credit_adjustments_report_key (CREATE UNIQUE INDEX credit_adjustments_report_key ON credit_adjustments USING btree (report_id))",
  "grants: unique index grants_source_external_ref_key (CREATE UNIQUE INDEX grants_source_external_ref_key ON grants USING btree (source, external_ref))",
  "purchases: unique index purchases_payment_intent_key (CREATE UNIQUE INDEX purchases_payment_intent_key ON purchases USING btree (payment_intent_id))",
];
const NOT_YET = [...SURROGATE_KEYS, ...SURROGATE_REFERENCES, ...GLOBAL_UNIQUES].sort();

describe("account-scoped tables can be distributed by account_id", () => {
  it("every unique index and foreign key of an account-scoped table includes account_id", async () => {
    const rows = await db.execute<{ problem: string }>(sql`
      with scoped as (
        select c.oid, c.relname from pg_class c
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'account_id' and not a.attisdropped
        where c.relkind = 'r'
      )
      select format('%s: unique index %s (%s)', s.relname, i.indexrelid::regclass,
                    pg_get_indexdef(i.indexrelid, 0, true)) as problem
      from scoped s join pg_index i on i.indrelid = s.oid
      where i.indisunique and not exists (
        select 1 from pg_attribute a where a.attrelid = s.oid and a.attname = 'account_id' and a.attnum = any(i.indkey))
      union all
      select format('%s: foreign key %s %s', s.relname, k.conname, pg_get_constraintdef(k.oid))
      from scoped s join pg_constraint k on k.conrelid = s.oid and k.contype = 'f'
      where k.confrelid in (select oid from scoped)
        and not exists (
          select 1 from pg_attribute a where a.attrelid = s.oid and a.attname = 'account_id' and a.attnum = any(k.conkey))
      order by 1`);
    expect(rows.map((r) => r.problem).sort()).toEqual(NOT_YET);
  });
});
