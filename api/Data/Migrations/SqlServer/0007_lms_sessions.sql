-- cmi5 sessions that survive a reload and end for a stated reason, and statements that cannot reach an LMS
-- (see Sqlite/0007_lms_sessions.sql for what each column means). GO: an index on a new column needs its own batch.
ALTER TABLE lms_launches ADD ended_reason NVARCHAR(20) NULL, left_at NVARCHAR(40) NULL, credentials_refused_at NVARCHAR(40) NULL, move_on NVARCHAR(30) NULL;
ALTER TABLE xapi_outbox ADD undeliverable_at NVARCHAR(40) NULL, undeliverable_reason NVARCHAR(MAX) NULL;
GO
CREATE INDEX ix_lms_launches_learner ON lms_launches (learner_id, registration);
CREATE INDEX ix_xapi_outbox_undeliverable ON xapi_outbox (destination, seq) WHERE undeliverable_at IS NOT NULL;
