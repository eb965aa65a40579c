-- An LMS session's token is bounded to its own attempt(s): 'scorm:<attempt id>', 'cmi5:<attempt id>' or
-- 'tincan:<launch id>'. NULL is a delegate who signed in (README "Threat model").
ALTER TABLE learner_tokens ADD scope VARCHAR(80) NULL;
