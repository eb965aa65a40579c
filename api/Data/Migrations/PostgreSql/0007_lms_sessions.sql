-- cmi5 sessions that survive a reload and end for a stated reason, and statements that cannot reach an LMS
-- (see Sqlite/0007_lms_sessions.sql for what each column means).
ALTER TABLE lms_launches ADD COLUMN ended_reason VARCHAR(20) NULL;
ALTER TABLE lms_launches ADD COLUMN left_at VARCHAR(40) NULL;
ALTER TABLE lms_launches ADD COLUMN credentials_refused_at VARCHAR(40) NULL;
ALTER TABLE lms_launches ADD COLUMN move_on VARCHAR(30) NULL;
CREATE INDEX ix_lms_launches_learner ON lms_launches (learner_id, registration);

ALTER TABLE xapi_outbox ADD COLUMN undeliverable_at VARCHAR(40) NULL;
ALTER TABLE xapi_outbox ADD COLUMN undeliverable_reason TEXT NULL;
CREATE INDEX ix_xapi_outbox_undeliverable ON xapi_outbox (destination, seq) WHERE undeliverable_at IS NOT NULL;
