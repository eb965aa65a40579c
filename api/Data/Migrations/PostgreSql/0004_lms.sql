CREATE TABLE lms_packages (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    trust_name  VARCHAR(120) NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    created_at  VARCHAR(40)  NOT NULL,
    revoked_at  VARCHAR(40)  NULL
);
