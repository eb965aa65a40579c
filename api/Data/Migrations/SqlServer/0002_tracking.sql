CREATE TABLE xapi_outbox (
    seq          BIGINT        IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    statement_id NVARCHAR(36)  NOT NULL UNIQUE,
    learner_id   NVARCHAR(36)  NOT NULL,
    registration NVARCHAR(36)  NOT NULL,
    verb         NVARCHAR(200) NOT NULL,
    created_at   NVARCHAR(40)  NOT NULL,
    send_count   INT           NOT NULL DEFAULT 0,
    lease_owner  NVARCHAR(120) NULL,
    lease_until  NVARCHAR(40)  NULL,
    delivered_at NVARCHAR(40)  NULL,
    rejected_at  NVARCHAR(40)  NULL,
    rejection    NVARCHAR(MAX) NULL,
    last_error   NVARCHAR(MAX) NULL,
    statement    NVARCHAR(MAX) NOT NULL
);
CREATE INDEX ix_xapi_outbox_pending ON xapi_outbox (seq, created_at) WHERE delivered_at IS NULL AND rejected_at IS NULL;
CREATE INDEX ix_xapi_outbox_rejected ON xapi_outbox (seq) WHERE rejected_at IS NOT NULL;
CREATE INDEX ix_xapi_outbox_learner ON xapi_outbox (learner_id, seq);
CREATE INDEX ix_xapi_outbox_registration ON xapi_outbox (registration, seq);
CREATE INDEX ix_xapi_outbox_lease_owner ON xapi_outbox (lease_owner) WHERE lease_owner IS NOT NULL;
