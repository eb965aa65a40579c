CREATE TABLE lms_packages (
    id          NVARCHAR(36)  NOT NULL PRIMARY KEY,
    trust_name  NVARCHAR(120) NOT NULL,
    key_hash    NVARCHAR(64)  NOT NULL UNIQUE,
    created_at  NVARCHAR(40)  NOT NULL,
    revoked_at  NVARCHAR(40)  NULL
);
