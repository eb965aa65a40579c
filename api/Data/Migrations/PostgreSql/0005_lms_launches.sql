CREATE TABLE lms_launches (
    id               VARCHAR(36)      NOT NULL PRIMARY KEY,
    attempt_id       VARCHAR(36)      NULL,
    learner_id       VARCHAR(36)      NOT NULL,
    kind             VARCHAR(10)      NOT NULL,
    endpoint         VARCHAR(2000)    NOT NULL,
    auth             TEXT             NOT NULL,
    actor            TEXT             NOT NULL,
    registration     VARCHAR(36)      NOT NULL,
    activity_id      VARCHAR(2000)    NOT NULL,
    context_template TEXT             NULL,
    session_id       VARCHAR(200)     NOT NULL,
    launch_mode      VARCHAR(10)      NOT NULL,
    mastery_score    DOUBLE PRECISION NULL,
    return_url       VARCHAR(2000)    NULL,
    started_at       VARCHAR(40)      NOT NULL,
    last_activity_at VARCHAR(40)      NOT NULL,
    terminated_at    VARCHAR(40)      NULL,
    exit_key_hash    VARCHAR(64)      NULL
);
CREATE INDEX ix_lms_launches_attempt ON lms_launches (attempt_id);
CREATE INDEX ix_lms_launches_open ON lms_launches (last_activity_at) WHERE terminated_at IS NULL;
CREATE INDEX ix_lms_launches_registration ON lms_launches (registration, activity_id);

ALTER TABLE xapi_outbox ADD COLUMN destination VARCHAR(36) NULL;
CREATE INDEX ix_xapi_outbox_destination ON xapi_outbox (destination, seq) WHERE delivered_at IS NULL AND rejected_at IS NULL;
