-- Tables shared by both storage paths. The time-series tables' unique keys include the time
-- column because TimescaleDB requires it of hypertables; they make every write idempotent.

CREATE TABLE vigil_settings (
  key   text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE cameras (
  id            text PRIMARY KEY,
  config        jsonb NOT NULL,
  password      text,
  registered_at timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);

CREATE TABLE occupancy (
  time            timestamptz NOT NULL,
  camera_id       text NOT NULL,
  zone_id         text NOT NULL,
  people          integer NOT NULL CHECK (people >= 0),
  smoothed_people real NOT NULL CHECK (smoothed_people >= 0),
  CONSTRAINT occupancy_key UNIQUE (camera_id, zone_id, time)
);

CREATE TABLE alerts (
  id              uuid NOT NULL,
  time            timestamptz NOT NULL,
  camera_id       text NOT NULL,
  zone_id         text,
  kind            text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  value           double precision NOT NULL,
  threshold       double precision NOT NULL,
  state           text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
  acknowledged_by text,
  acknowledged_at timestamptz,
  resolved_by     text,
  resolved_at     timestamptz,
  note            text,
  snapshot_ref    text,
  CONSTRAINT alerts_key UNIQUE (id, time)
);
CREATE INDEX alerts_time ON alerts (time DESC);
CREATE INDEX alerts_camera_time ON alerts (camera_id, time DESC);
CREATE INDEX alerts_open ON alerts (state, time DESC) WHERE state <> 'resolved';

CREATE TABLE camera_status (
  time      timestamptz NOT NULL,
  camera_id text NOT NULL,
  status    text NOT NULL,
  detail    text,
  CONSTRAINT camera_status_key UNIQUE (camera_id, time, status)
);
