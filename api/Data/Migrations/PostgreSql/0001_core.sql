-- PostgreSQL port of Sqlite/0001_core.sql. Ids are GUID text and times UTC ISO 8601 text on every provider
-- (Data/DataFormat.cs); flags are BOOLEAN, fractions DOUBLE PRECISION (REAL is 4-byte here).
CREATE TABLE learners (
    id                  VARCHAR(36)  NOT NULL PRIMARY KEY,
    external_key        VARCHAR(400) NULL UNIQUE,
    name                VARCHAR(200) NOT NULL,
    email               VARCHAR(254) NULL,
    registration_number VARCHAR(20)  NULL,
    profession          VARCHAR(100) NULL,
    created_at          VARCHAR(40)  NOT NULL
);

CREATE TABLE learner_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    learner_id VARCHAR(36) NOT NULL REFERENCES learners (id),
    created_at VARCHAR(40) NOT NULL
);
CREATE INDEX ix_learner_tokens_learner ON learner_tokens (learner_id);

CREATE TABLE attempts (
    id           VARCHAR(36)      NOT NULL PRIMARY KEY,
    learner_id   VARCHAR(36)      NOT NULL REFERENCES learners (id),
    module_id    VARCHAR(60)      NOT NULL,
    status       VARCHAR(20)      NOT NULL,
    next_case_id VARCHAR(60)      NULL,
    next_node_id VARCHAR(60)      NULL,
    answer_count INTEGER          NOT NULL DEFAULT 0,
    raw_score    INTEGER          NOT NULL DEFAULT 0,
    max_score    INTEGER          NOT NULL,
    scaled       DOUBLE PRECISION NULL,
    passed       BOOLEAN          NULL,
    started_at   VARCHAR(40)      NOT NULL,
    updated_at   VARCHAR(40)      NOT NULL,
    completed_at VARCHAR(40)      NULL
);
CREATE INDEX ix_attempts_learner ON attempts (learner_id, module_id);

-- The primary key makes an answer to a node unique across every node of the API, whatever the timing.
CREATE TABLE answers (
    attempt_id  VARCHAR(36) NOT NULL REFERENCES attempts (id),
    case_id     VARCHAR(60) NOT NULL,
    node_id     VARCHAR(60) NOT NULL,
    sequence    INTEGER     NOT NULL,
    response    TEXT        NOT NULL,
    score       INTEGER     NOT NULL,
    max_score   INTEGER     NOT NULL,
    correct     BOOLEAN     NULL,
    answered_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (attempt_id, case_id, node_id)
);
