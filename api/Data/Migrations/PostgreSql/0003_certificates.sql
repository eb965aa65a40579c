CREATE TABLE certificates (
    id                  VARCHAR(40)  NOT NULL PRIMARY KEY,
    learner_id          VARCHAR(36)  NOT NULL REFERENCES learners (id),
    course_id           VARCHAR(300) NOT NULL,
    course_title        VARCHAR(300) NOT NULL,
    learner_name        VARCHAR(200) NOT NULL,
    registration_number VARCHAR(20)  NULL,
    profession          VARCHAR(100) NULL,
    modules             TEXT         NOT NULL,
    cpd_minutes         INTEGER      NOT NULL,
    issued_at           VARCHAR(40)  NOT NULL,
    credential          TEXT         NOT NULL,
    revoked_at          VARCHAR(40)  NULL,
    revoked_reason      VARCHAR(500) NULL,
    -- One certificate per delegate and course, however many nodes issue at once.
    CONSTRAINT uq_certificates_learner_course UNIQUE (learner_id, course_id)
);
