-- The LMS launch an attempt was started under (cmi5 or Tin Can), NULL for a delegate who signed in themselves or a
-- SCORM session: the attempt's events name it, so whoever reacts to them knows which launch the work belongs to.
ALTER TABLE attempts ADD COLUMN launch_id VARCHAR(36) NULL;
