-- A certificate earned in a workshop names it: a snapshot taken at issue (like the delegate's name), so the certificate
-- says the same thing after the workshop is renamed or its facilitator revoked. NULL for a certificate earned alone.
ALTER TABLE certificates ADD
    workshop_id          NVARCHAR(36)  NULL,
    workshop_title       NVARCHAR(200) NULL,
    workshop_date        NVARCHAR(40)  NULL,
    workshop_facilitator NVARCHAR(200) NULL;
