-- Every launched attempt names the launch it belongs to, so its events carry it and nothing looks the launch up per
-- answer: the newest launch row naming the attempt (a cmi5 attempt carried on by a later session of its registration
-- belongs to that session; a Tin Can attempt to its own copy of the course's launch). Attempts made before 0006, or
-- carried on by a later session before this, named no launch or an earlier one.
UPDATE attempts
SET launch_id = (SELECT TOP 1 l.id FROM lms_launches l WHERE l.attempt_id = attempts.id ORDER BY l.started_at DESC, l.id DESC)
WHERE EXISTS (SELECT 1 FROM lms_launches l WHERE l.attempt_id = attempts.id);
