CREATE TABLE certificates (
    id                  NVARCHAR(40)  NOT NULL PRIMARY KEY,
    learner_id          NVARCHAR(36)  NOT NULL REFERENCES learners (id),
    course_id           NVARCHAR(300) NOT NULL,
    course_title        NVARCHAR(300) NOT NULL,
    learner_name        NVARCHAR(200) NOT NULL,
    registration_number NVARCHAR(20)  NULL,
    profession          NVARCHAR(100) NULL,
    modules             NVARCHAR(MAX) NOT NULL,
    cpd_minutes         INT           NOT NULL,
    issued_at           NVARCHAR(40)  NOT NULL,
    credential          NVARCHAR(MAX) NOT NULL,
    revoked_at          NVARCHAR(40)  NULL,
    revoked_reason      NVARCHAR(500) NULL,
    CONSTRAINT uq_certificates_learner_course UNIQUE (learner_id, course_id)
);
