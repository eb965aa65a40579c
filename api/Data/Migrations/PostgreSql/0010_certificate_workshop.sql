-- A certificate earned in a workshop names it: a snapshot taken at issue (like the delegate's name), so the certificate
-- says the same thing after the workshop is renamed or its facilitator revoked. NULL for a certificate earned alone.
ALTER TABLE certificates
    ADD COLUMN workshop_id          VARCHAR(36)  NULL,
    ADD COLUMN workshop_title       VARCHAR(200) NULL,
    ADD COLUMN workshop_date        VARCHAR(40)  NULL,
    ADD COLUMN workshop_facilitator VARCHAR(200) NULL;
