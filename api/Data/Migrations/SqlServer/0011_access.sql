-- SqlServer port of Sqlite/0011_access.sql.
-- Tokens expire after a stretch without use (Tokens:DelegateLifetime, Tokens:FacilitatorLifetime): last_used_at is when
-- each was last presented, refreshed at most about once a minute. NULL (a token made before this migration) counts from created_at.
ALTER TABLE learner_tokens ADD last_used_at VARCHAR(40) NULL;
ALTER TABLE facilitators ADD last_used_at VARCHAR(40) NULL;

-- Who did what among administrators and facilitators (see the SQLite script).
CREATE TABLE audit_log (
    seq        BIGINT        IDENTITY(1,1) NOT NULL PRIMARY KEY,
    at         VARCHAR(40)   NOT NULL,
    actor_role VARCHAR(20)   NOT NULL,
    actor      NVARCHAR(100) NOT NULL,
    action     VARCHAR(60)   NOT NULL,
    subject    NVARCHAR(200) NULL,
    detail     NVARCHAR(500) NULL
);
