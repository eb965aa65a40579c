-- The xAPI outbox: every statement, written in the transaction of the event it reports, kept for good
-- (the delegate's evidence pack includes them). A row is pending until delivered or rejected.
CREATE TABLE xapi_outbox (
    seq          INTEGER      NOT NULL PRIMARY KEY,
    statement_id VARCHAR(36)  NOT NULL UNIQUE,
    learner_id   VARCHAR(36)  NOT NULL,
    registration VARCHAR(36)  NOT NULL,
    verb         VARCHAR(200) NOT NULL,
    statement    TEXT         NOT NULL,
    created_at   VARCHAR(40)  NOT NULL,
    send_count   INTEGER      NOT NULL DEFAULT 0,
    lease_owner  VARCHAR(120) NULL,
    lease_until  VARCHAR(40)  NULL,
    delivered_at VARCHAR(40)  NULL,
    rejected_at  VARCHAR(40)  NULL,
    rejection    TEXT         NULL,
    last_error   TEXT         NULL
);
CREATE INDEX ix_xapi_outbox_pending ON xapi_outbox (seq) WHERE delivered_at IS NULL AND rejected_at IS NULL;
CREATE INDEX ix_xapi_outbox_learner ON xapi_outbox (learner_id, seq);
CREATE INDEX ix_xapi_outbox_registration ON xapi_outbox (registration, seq);
