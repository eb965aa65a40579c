-- The issuer's stable identity (Open Badges Profile.id): a urn:uuid generated once, kept beside the signing keys, so
-- credentials do not change issuer when App:PublicBaseUrl does. One row; Certificates:IssuerUrl, when set, wins over it.
CREATE TABLE certificate_issuer (
    singleton  INTEGER      NOT NULL PRIMARY KEY CHECK (singleton = 1),
    issuer_id  VARCHAR(300) NOT NULL,
    created_at VARCHAR(40)  NOT NULL
);

-- Erasure (UK GDPR art. 17): the certificate is withdrawn and its personal details removed; the verify page says so.
ALTER TABLE certificates ADD COLUMN withdrawn_at VARCHAR(40) NULL;
-- An erased delegate's row stays, without personal data, so the ids that other tables hold still name a row.
ALTER TABLE learners ADD COLUMN erased_at VARCHAR(40) NULL;
-- When the delegate last signed in or used a token (at most once a day): Privacy:RetentionDays counts from here.
ALTER TABLE learners ADD COLUMN last_seen_at VARCHAR(40) NULL;
