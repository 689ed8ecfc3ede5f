import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An append's answer says whether its stream holds a sealing mark (docs/adr/0022-appends-tell-sealing-marks.md).
 * Intake needs to know (RevisionsForAgency): only in a record with a sealed event, or a change of
 * sensitivity, are the revisions an agency is told counted differently. Asked as a query of its own
 * after the append, it was a second round trip on every append, and measured as a third of intake's
 * throughput. `ledger_append_telling_marks` calls `ledger_append` unchanged and then asks, in the
 * same transaction: the append holds its streams' locks until the transaction ends, and in READ
 * COMMITTED this second statement sees the events just written and every other committed one, so
 * the answer is exact for the stream as the append left it.
 */
export class LedgerAppendTellsSealingMarks1764202300000 implements MigrationInterface {
  readonly name = 'LedgerAppendTellsSealingMarks1764202300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION ledger_append_telling_marks(
  p_stream_ids text[], p_expected text[], p_sizes integer[],
  p_event_ids uuid[], p_types text[], p_schema_versions integer[], p_occurred_at text[], p_precisions text[],
  p_recorded_at timestamptz[], p_imported_at timestamptz[], p_recorded_known boolean[],
  p_metadata jsonb, p_data jsonb, p_data_digests bytea, p_envelope_digests bytea
) RETURNS TABLE (out_append integer, out_status text, out_revision bigint, out_position bigint, out_hash text,
                 out_sealing_marks boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_appends integer[];
  v_statuses text[];
  v_revisions bigint[];
  v_positions bigint[];
  v_hashes text[];
  v_marked text[];
BEGIN
  SELECT array_agg(r.out_append ORDER BY r.o), array_agg(r.out_status ORDER BY r.o), array_agg(r.out_revision ORDER BY r.o),
         array_agg(r.out_position ORDER BY r.o), array_agg(r.out_hash ORDER BY r.o)
    INTO v_appends, v_statuses, v_revisions, v_positions, v_hashes
    FROM ledger_append(p_stream_ids, p_expected, p_sizes, p_event_ids, p_types, p_schema_versions, p_occurred_at,
                       p_precisions, p_recorded_at, p_imported_at, p_recorded_known, p_metadata, p_data,
                       p_data_digests, p_envelope_digests)
         WITH ORDINALITY AS r(out_append, out_status, out_revision, out_position, out_hash, o);

  -- The same condition as the partial index ledger_events_sealing_marks (CreateAccessControl), so
  -- that this reads that small index only.
  v_marked := ARRAY(SELECT DISTINCT e.stream_id FROM ledger_events e
                     WHERE e.stream_id = ANY (p_stream_ids)
                       AND (e.metadata->>'sensitivity' = 'sealed' OR e.type = 'SensitivityChanged'));

  RETURN QUERY SELECT u.a, u.s, u.r, u.p, u.h, p_stream_ids[u.a] = ANY (v_marked)
                 FROM unnest(v_appends, v_statuses, v_revisions, v_positions, v_hashes) WITH ORDINALITY AS u(a, s, r, p, h, o)
                ORDER BY u.o;
END $$;
-- As for ledger_append (CreateLedger, LedgerAppendGenericPlans): never a sequential scan, one plan per statement.
ALTER FUNCTION ledger_append_telling_marks SET enable_seqscan = off;
ALTER FUNCTION ledger_append_telling_marks SET plan_cache_mode = force_generic_plan;
`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION ledger_append_telling_marks');
  }
}
