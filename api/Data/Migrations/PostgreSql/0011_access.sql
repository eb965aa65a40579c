-- PostgreSql port of Sqlite/0011_access.sql.
-- Tokens expire after a stretch without use (Tokens:DelegateLifetime, Tokens:FacilitatorLifetime): last_used_at is when
-- each was last presented, refreshed at most about once a minute. NULL (a token made before this migration) counts from created_at.
ALTER TABLE learner_tokens ADD COLUMN last_used_at VARCHAR(40) NULL;
ALTER TABLE facilitators ADD COLUMN last_used_at VARCHAR(40) NULL;

-- Who did what among administrators and facilitators (see the SQLite script).
CREATE TABLE audit_log (
    seq        BIGINT       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         VARCHAR(40)  NOT NULL,
    actor_role VARCHAR(20)  NOT NULL,
    actor      VARCHAR(100) NOT NULL,
    action     VARCHAR(60)  NOT NULL,
    subject    VARCHAR(200) NULL,
    detail     VARCHAR(500) NULL
);
