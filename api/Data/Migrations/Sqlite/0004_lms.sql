-- A SCORM package vouches for the learners of one trust's LMS. Its key is stored only as a hash and can be revoked.
CREATE TABLE lms_packages (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    trust_name  VARCHAR(120) NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    created_at  VARCHAR(40)  NOT NULL,
    revoked_at  VARCHAR(40)  NULL
);
