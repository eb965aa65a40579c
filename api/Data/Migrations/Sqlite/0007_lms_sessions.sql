-- cmi5 sessions that survive a reload and end for a stated reason, and statements that cannot reach an LMS.
-- ended_reason: why terminated_at was set: exit (the player's Exit), closed (the page went away and did not come
-- back), idle (Lms:IdleTimeoutMinutes), abandoned (the LMS launched the registration again), credentials (the
-- LMS's LRS refused the session's token). Only exit, closed and idle send a terminated statement.
ALTER TABLE lms_launches ADD COLUMN ended_reason VARCHAR(20) NULL;
-- Set by the player's pagehide beacon, cleared when the page comes back (a reload); a session left for
-- Lms:CloseGraceSeconds is ended as closed.
ALTER TABLE lms_launches ADD COLUMN left_at VARCHAR(40) NULL;
-- When the LMS's LRS first answered 401/403 to this launch's credentials: they are not tried again.
ALTER TABLE lms_launches ADD COLUMN credentials_refused_at VARCHAR(40) NULL;
ALTER TABLE lms_launches ADD COLUMN move_on VARCHAR(30) NULL;
CREATE INDEX ix_lms_launches_learner ON lms_launches (learner_id, registration);

-- A statement whose destination can no longer take it (its credentials were refused, or it names no launch) and
-- that no later session of the same registration has taken over yet. Not pending, not retried; shown in
-- GET /api/admin/tracking and /health, and moved on when the delegate's next session starts.
ALTER TABLE xapi_outbox ADD COLUMN undeliverable_at VARCHAR(40) NULL;
ALTER TABLE xapi_outbox ADD COLUMN undeliverable_reason TEXT NULL;
CREATE INDEX ix_xapi_outbox_undeliverable ON xapi_outbox (destination, seq) WHERE undeliverable_at IS NOT NULL;
