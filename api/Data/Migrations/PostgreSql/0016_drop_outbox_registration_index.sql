-- No query reads the outbox by registration (a delegate's statements are found by learner, a launch's by
-- destination), yet every statement written updated this index at a random place in it: on SQLite, a page more for
-- each answer's commit to write. Measured with a workshop's burst of answers.
DROP INDEX IF EXISTS ix_xapi_outbox_registration;
