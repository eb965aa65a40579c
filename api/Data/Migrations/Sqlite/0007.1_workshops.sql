-- formerly: 0007_workshops
-- (a second 0007 beside 0007_lms_sessions, and after it in every database that applied both: it keeps that place as 0007.1)
-- Facilitators run workshops. They are people with their own bearer token (only its SHA-256 is kept), created and
-- revoked by an administrator; a revoked facilitator's token stops working at once.
CREATE TABLE facilitators (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    email      VARCHAR(254) NOT NULL,
    token_hash VARCHAR(64)  NOT NULL UNIQUE,
    created_at VARCHAR(40)  NOT NULL,
    revoked_at VARCHAR(40)  NULL
);

-- A workshop: one facilitator, a room of delegates, a join code valid until closed_at is set.
-- version counts every change the room's screens show (an answer, the current case, pacing); it is the id of the
-- server-sent events, kept here so that ids carry on from where they were after a restart.
CREATE TABLE workshops (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    facilitator_id  VARCHAR(36)  NOT NULL REFERENCES facilitators (id),
    title           VARCHAR(200) NOT NULL,
    scheduled_for   VARCHAR(40)  NULL,
    join_code       VARCHAR(16)  NOT NULL UNIQUE,
    current_case_id VARCHAR(60)  NULL,
    self_paced      INTEGER      NOT NULL DEFAULT 0,
    version         INTEGER      NOT NULL DEFAULT 0,
    created_at      VARCHAR(40)  NOT NULL,
    closed_at       VARCHAR(40)  NULL
);
CREATE INDEX ix_workshops_facilitator ON workshops (facilitator_id);

CREATE TABLE workshop_modules (
    workshop_id VARCHAR(36) NOT NULL REFERENCES workshops (id),
    module_id   VARCHAR(60) NOT NULL,
    position    INTEGER     NOT NULL,
    PRIMARY KEY (workshop_id, module_id)
);
CREATE INDEX ix_workshop_modules_module ON workshop_modules (module_id);

CREATE TABLE workshop_delegates (
    workshop_id VARCHAR(36) NOT NULL REFERENCES workshops (id),
    learner_id  VARCHAR(36) NOT NULL REFERENCES learners (id),
    joined_at   VARCHAR(40) NOT NULL,
    PRIMARY KEY (workshop_id, learner_id)
);
CREATE INDEX ix_workshop_delegates_learner ON workshop_delegates (learner_id);

-- A delegate's first answer to each node in the workshop (a second attempt does not count twice), and the options
-- it chose: the room's distribution is counted from these, never naming anyone.
CREATE TABLE workshop_answers (
    workshop_id VARCHAR(36) NOT NULL REFERENCES workshops (id),
    learner_id  VARCHAR(36) NOT NULL,
    case_id     VARCHAR(60) NOT NULL,
    node_id     VARCHAR(60) NOT NULL,
    answered_at VARCHAR(40) NOT NULL,
    PRIMARY KEY (workshop_id, learner_id, case_id, node_id)
);

CREATE TABLE workshop_choices (
    workshop_id VARCHAR(36) NOT NULL REFERENCES workshops (id),
    learner_id  VARCHAR(36) NOT NULL,
    case_id     VARCHAR(60) NOT NULL,
    node_id     VARCHAR(60) NOT NULL,
    option_id   VARCHAR(60) NOT NULL,
    PRIMARY KEY (workshop_id, learner_id, case_id, node_id, option_id)
);
