-- The export reads a year of certificates a page at a time in (issued_at, id) order: with this index each page is a
-- range read where it left off, not a scan of every certificate ever issued.
CREATE INDEX ix_certificates_issued ON certificates (issued_at, id);
