-- Certificates: one per delegate and course. The row is a snapshot taken at issue (name, scores, course
-- title, the signed credential), so a certificate reads the same however the course or profile changes.
CREATE TABLE certificates (
    id                  VARCHAR(40)   NOT NULL PRIMARY KEY,
    learner_id          VARCHAR(36)   NOT NULL REFERENCES learners (id),
    course_id           VARCHAR(300)  NOT NULL,
    course_title        VARCHAR(300)  NOT NULL,
    learner_name        VARCHAR(200)  NOT NULL,
    registration_number VARCHAR(20)   NULL,
    profession          VARCHAR(100)  NULL,
    modules             TEXT          NOT NULL,
    cpd_minutes         INTEGER       NOT NULL,
    issued_at           VARCHAR(40)   NOT NULL,
    credential          TEXT          NOT NULL,
    revoked_at          VARCHAR(40)   NULL,
    revoked_reason      VARCHAR(500)  NULL,
    -- Issuing is idempotent at the database: two racing completions cannot both insert.
    CONSTRAINT uq_certificates_learner_course UNIQUE (learner_id, course_id)
);
