-- The issuer's stable identity and erasure/retention columns (see Sqlite/0012_privacy.sql for what each means).
CREATE TABLE certificate_issuer (
    singleton  INT           NOT NULL PRIMARY KEY CHECK (singleton = 1),
    issuer_id  NVARCHAR(300) NOT NULL,
    created_at NVARCHAR(40)  NOT NULL
);
ALTER TABLE certificates ADD withdrawn_at NVARCHAR(40) NULL;
ALTER TABLE learners ADD erased_at NVARCHAR(40) NULL, last_seen_at NVARCHAR(40) NULL;
