-- The xAPI outbox: every statement, written in the transaction of the event it reports, kept for good
-- (the delegate's evidence pack includes them). A row is pending until delivered or rejected.
-- The statement's JSON is the last column: SQLite keeps a long value in overflow pages, and a query that
-- reads only the columns before it (counts, claims) then never touches them.
CREATE TABLE xapi_outbox (
    seq          INTEGER      NOT NULL PRIMARY KEY,
    statement_id VARCHAR(36)  NOT NULL UNIQUE,
    learner_id   VARCHAR(36)  NOT NULL,
    registration VARCHAR(36)  NOT NULL,
    verb         VARCHAR(200) NOT NULL,
    created_at   VARCHAR(40)  NOT NULL,
    send_count   INTEGER      NOT NULL DEFAULT 0,
    lease_owner  VARCHAR(120) NULL,
    lease_until  VARCHAR(40)  NULL,
    delivered_at VARCHAR(40)  NULL,
    rejected_at  VARCHAR(40)  NULL,
    rejection    TEXT         NULL,
    last_error   TEXT         NULL,
    statement    TEXT         NOT NULL
);
-- Partial indexes keep the pending and rejected sets small to find however many rows have been delivered.
CREATE INDEX ix_xapi_outbox_pending ON xapi_outbox (seq, created_at) WHERE delivered_at IS NULL AND rejected_at IS NULL;
CREATE INDEX ix_xapi_outbox_rejected ON xapi_outbox (seq) WHERE rejected_at IS NOT NULL;
CREATE INDEX ix_xapi_outbox_learner ON xapi_outbox (learner_id, seq);
CREATE INDEX ix_xapi_outbox_registration ON xapi_outbox (registration, seq);
CREATE INDEX ix_xapi_outbox_lease_owner ON xapi_outbox (lease_owner) WHERE lease_owner IS NOT NULL;
