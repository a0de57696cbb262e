-- Webhook deliveries that failed every attempt, for admins to see and replay by hand. Versions V200
-- and up belong to the alerts package.
CREATE TABLE alert_dead_letter (
  id          BIGSERIAL PRIMARY KEY,
  failed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
  site        TEXT NOT NULL,
  -- Without its query string, which may carry a token.
  url         TEXT NOT NULL,
  alert_id    UUID NOT NULL,
  event       TEXT NOT NULL,
  attempts    INTEGER NOT NULL,
  last_error  TEXT NOT NULL,
  payload     JSONB NOT NULL
);
CREATE INDEX alert_dead_letter_failed_at ON alert_dead_letter (failed_at DESC);
