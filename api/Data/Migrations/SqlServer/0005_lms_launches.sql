CREATE TABLE lms_launches (
    id               NVARCHAR(36)   NOT NULL PRIMARY KEY,
    attempt_id       NVARCHAR(36)   NULL,
    learner_id       NVARCHAR(36)   NOT NULL,
    kind             NVARCHAR(10)   NOT NULL,
    endpoint         NVARCHAR(2000) NOT NULL,
    auth             NVARCHAR(MAX)  NOT NULL,
    actor            NVARCHAR(MAX)  NOT NULL,
    registration     NVARCHAR(36)   NOT NULL,
    activity_id      NVARCHAR(2000) NOT NULL,
    context_template NVARCHAR(MAX)  NULL,
    session_id       NVARCHAR(200)  NOT NULL,
    launch_mode      NVARCHAR(10)   NOT NULL,
    mastery_score    FLOAT          NULL,
    return_url       NVARCHAR(2000) NULL,
    started_at       NVARCHAR(40)   NOT NULL,
    last_activity_at NVARCHAR(40)   NOT NULL,
    terminated_at    NVARCHAR(40)   NULL,
    exit_key_hash    NVARCHAR(64)   NULL
);
CREATE INDEX ix_lms_launches_attempt ON lms_launches (attempt_id);
CREATE INDEX ix_lms_launches_open ON lms_launches (last_activity_at) WHERE terminated_at IS NULL;
-- An index key is at most 1,700 bytes: activity_id (up to 4,000) rides along instead of being part of the key.
CREATE INDEX ix_lms_launches_registration ON lms_launches (registration) INCLUDE (activity_id);

ALTER TABLE xapi_outbox ADD destination NVARCHAR(36) NULL;
GO
CREATE INDEX ix_xapi_outbox_destination ON xapi_outbox (destination, seq) WHERE delivered_at IS NULL AND rejected_at IS NULL;
