-- The issuer's stable identity and erasure/retention columns (see Sqlite/0012_privacy.sql for what each means).
CREATE TABLE certificate_issuer (
    singleton  INTEGER      NOT NULL PRIMARY KEY CHECK (singleton = 1),
    issuer_id  VARCHAR(300) NOT NULL,
    created_at VARCHAR(40)  NOT NULL
);
ALTER TABLE certificates ADD COLUMN withdrawn_at VARCHAR(40) NULL;
ALTER TABLE learners ADD COLUMN erased_at VARCHAR(40) NULL;
ALTER TABLE learners ADD COLUMN last_seen_at VARCHAR(40) NULL;
