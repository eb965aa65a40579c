-- An LMS session's token is bounded to its own attempt(s): 'scorm:<attempt id>', 'cmi5:<attempt id>' or
-- 'tincan:<launch id>'. NULL is a delegate who signed in (README "Threat model").
ALTER TABLE learner_tokens ADD scope NVARCHAR(80) NULL;

-- Tokens an LMS launch made before scopes existed would read as signed-in delegates' (NULL): they go. A learner an LMS
-- provisioned (external_key) never signed in, so every token of theirs is an LMS session's; the LMS launches again.
DELETE FROM learner_tokens WHERE learner_id IN (SELECT id FROM learners WHERE external_key IS NOT NULL);
