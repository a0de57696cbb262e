-- Issue #18: an alert's notes are a history nothing overwrites, and an alert keeps when its condition
-- began (hold time included), when it ended and when it was escalated.
ALTER TABLE alerts ADD COLUMN breach_start timestamptz;
ALTER TABLE alerts ADD COLUMN breach_end timestamptz;
ALTER TABLE alerts ADD COLUMN escalated_at timestamptz;

-- No foreign key: alerts may be a hypertable, which cannot be referenced. Retention removes a note with
-- its alert's age ("time" is the note's own time, always after the alert's).
CREATE TABLE alert_notes (
  alert_id uuid NOT NULL,
  time     timestamptz NOT NULL,
  author   text NOT NULL,
  text     text NOT NULL,
  -- Appending the same note again (a spool replay) changes nothing.
  CONSTRAINT alert_notes_key PRIMARY KEY (alert_id, time, author)
);

-- The one note an alert had so far, as written by whoever acted last on it.
INSERT INTO alert_notes (alert_id, time, author, text)
SELECT id, COALESCE(resolved_at, acknowledged_at, time), COALESCE(resolved_by, acknowledged_by, 'vigil'), note
FROM alerts WHERE note IS NOT NULL AND note <> ''
ON CONFLICT DO NOTHING;
