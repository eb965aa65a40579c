-- A cmi5 (or Tin Can) launch: the LMS's learner, attempt and LRS. The LMS's auth token (cmi5 8.2) is kept
-- here, server-side only: it is never logged, never returned to the browser. The exit key (for the player's
-- terminate beacon, which cannot send an Authorization header) is kept only as a hash.
-- A Tin Can launch is for the whole course: its row has no attempt; each attempt started under it gets a row
-- of its own (a copy naming the attempt), which is what routes that attempt's statements.
CREATE TABLE lms_launches (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    attempt_id       VARCHAR(36)   NULL,
    learner_id       VARCHAR(36)   NOT NULL,
    kind             VARCHAR(10)   NOT NULL,
    endpoint         VARCHAR(2000) NOT NULL,
    auth             TEXT          NOT NULL,
    actor            TEXT          NOT NULL,
    registration     VARCHAR(36)   NOT NULL,
    activity_id      VARCHAR(2000) NOT NULL,
    context_template TEXT          NULL,
    session_id       VARCHAR(200)  NOT NULL,
    launch_mode      VARCHAR(10)   NOT NULL,
    mastery_score    REAL          NULL,
    return_url       VARCHAR(2000) NULL,
    started_at       VARCHAR(40)   NOT NULL,
    last_activity_at VARCHAR(40)   NOT NULL,
    terminated_at    VARCHAR(40)   NULL,
    exit_key_hash    VARCHAR(64)   NULL
);
CREATE INDEX ix_lms_launches_attempt ON lms_launches (attempt_id);
CREATE INDEX ix_lms_launches_open ON lms_launches (last_activity_at) WHERE terminated_at IS NULL;
CREATE INDEX ix_lms_launches_registration ON lms_launches (registration, activity_id);

-- Where a statement goes: NULL is the configured LRS (Lrs:*); otherwise the id of the launch whose LMS's LRS
-- receives it (cmi5: statements of a launched AU go to the LMS's endpoint with its token).
ALTER TABLE xapi_outbox ADD COLUMN destination VARCHAR(36) NULL;
CREATE INDEX ix_xapi_outbox_destination ON xapi_outbox (destination, seq) WHERE delivered_at IS NULL AND rejected_at IS NULL;
