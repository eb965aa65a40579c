-- SQL Server port of Sqlite/0001_core.sql. Text is NVARCHAR (names in any script; Dapper sends strings as NVARCHAR, so
-- keys compare without conversion); flags are BIT, fractions FLOAT. Ids GUID text, times UTC ISO 8601 text (DataFormat).
CREATE TABLE learners (
    id                  NVARCHAR(36)  NOT NULL PRIMARY KEY,
    external_key        NVARCHAR(400) NULL,
    name                NVARCHAR(200) NOT NULL,
    email               NVARCHAR(254) NULL,
    registration_number NVARCHAR(20)  NULL,
    profession          NVARCHAR(100) NULL,
    created_at          NVARCHAR(40)  NOT NULL
);
-- UNIQUE on SQL Server allows one NULL only: a filtered index keeps self-registered delegates (NULL) unconstrained.
CREATE UNIQUE INDEX uq_learners_external_key ON learners (external_key) WHERE external_key IS NOT NULL;

CREATE TABLE learner_tokens (
    token_hash NVARCHAR(64) NOT NULL PRIMARY KEY,
    learner_id NVARCHAR(36) NOT NULL REFERENCES learners (id),
    created_at NVARCHAR(40) NOT NULL
);
CREATE INDEX ix_learner_tokens_learner ON learner_tokens (learner_id);

CREATE TABLE attempts (
    id           NVARCHAR(36) NOT NULL PRIMARY KEY,
    learner_id   NVARCHAR(36) NOT NULL REFERENCES learners (id),
    module_id    NVARCHAR(60) NOT NULL,
    status       NVARCHAR(20) NOT NULL,
    next_case_id NVARCHAR(60) NULL,
    next_node_id NVARCHAR(60) NULL,
    answer_count INT          NOT NULL DEFAULT 0,
    raw_score    INT          NOT NULL DEFAULT 0,
    max_score    INT          NOT NULL,
    scaled       FLOAT        NULL,
    passed       BIT          NULL,
    started_at   NVARCHAR(40) NOT NULL,
    updated_at   NVARCHAR(40) NOT NULL,
    completed_at NVARCHAR(40) NULL
);
CREATE INDEX ix_attempts_learner ON attempts (learner_id, module_id);

CREATE TABLE answers (
    attempt_id  NVARCHAR(36)  NOT NULL REFERENCES attempts (id),
    case_id     NVARCHAR(60)  NOT NULL,
    node_id     NVARCHAR(60)  NOT NULL,
    sequence    INT           NOT NULL,
    response    NVARCHAR(MAX) NOT NULL,
    score       INT           NOT NULL,
    max_score   INT           NOT NULL,
    correct     BIT           NULL,
    answered_at NVARCHAR(40)  NOT NULL,
    PRIMARY KEY (attempt_id, case_id, node_id)
);
