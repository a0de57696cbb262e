-- Recorded video (issue #17): one row per MP4 segment file under the data directory's recordings/.
-- path is relative to that directory, so a moved data directory keeps its index; node is the cluster
-- node whose disk holds the file (null on a single node). The unique key includes the time column
-- because TimescaleDB requires it of hypertables (see timescale/V301).
CREATE TABLE recording_segments (
  camera_id          text NOT NULL,
  start_time         timestamptz NOT NULL,
  end_time           timestamptz NOT NULL,
  bytes              bigint NOT NULL CHECK (bytes >= 0),
  path               text NOT NULL,
  keyframe_offset_ms integer NOT NULL DEFAULT 0 CHECK (keyframe_offset_ms >= 0),
  node               text,
  CONSTRAINT recording_segments_key UNIQUE (camera_id, start_time),
  CONSTRAINT recording_segments_order CHECK (end_time > start_time)
);
CREATE INDEX recording_segments_start ON recording_segments (start_time);
CREATE INDEX recording_segments_camera_end ON recording_segments (camera_id, end_time);

-- The boxes of the tracked people while a camera is recorded (one row per analysed frame, about one a
-- second): the inbox draws them over the alert's clip. [[track id, left, top, right, bottom], ...] as
-- fractions of the frame.
CREATE TABLE recording_tracks (
  camera_id text NOT NULL,
  time      timestamptz NOT NULL,
  tracks    jsonb NOT NULL,
  CONSTRAINT recording_tracks_key UNIQUE (camera_id, time)
);
