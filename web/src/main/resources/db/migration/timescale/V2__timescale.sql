-- TimescaleDB: hypertables with one-day chunks, per-minute and per-hour continuous aggregates.
-- Compression and retention policies are (re)applied at each start from the configuration.
-- Continuous aggregates cannot be created inside a transaction: see the .conf file next to this one.

SELECT create_hypertable('occupancy', 'time', chunk_time_interval => INTERVAL '1 day', migrate_data => true);
SELECT create_hypertable('alerts', 'time', chunk_time_interval => INTERVAL '7 days', migrate_data => true);
SELECT create_hypertable('camera_status', 'time', chunk_time_interval => INTERVAL '7 days', migrate_data => true);

ALTER TABLE occupancy SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'camera_id, zone_id',
  timescaledb.compress_orderby = 'time DESC'
);
ALTER TABLE camera_status SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'camera_id',
  timescaledb.compress_orderby = 'time DESC, status'
);

CREATE MATERIALIZED VIEW occupancy_1m
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 minute', time) AS bucket, camera_id, zone_id,
       max(people) AS max_people, sum(people)::bigint AS sum_people, count(*) AS samples
FROM occupancy
GROUP BY 1, camera_id, zone_id
WITH NO DATA;

CREATE MATERIALIZED VIEW occupancy_1h
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', time) AS bucket, camera_id, zone_id,
       max(people) AS max_people, sum(people)::bigint AS sum_people, count(*) AS samples
FROM occupancy
GROUP BY 1, camera_id, zone_id
WITH NO DATA;

SELECT add_continuous_aggregate_policy('occupancy_1m', start_offset => INTERVAL '3 hours',
  end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute');
SELECT add_continuous_aggregate_policy('occupancy_1h', start_offset => INTERVAL '2 days',
  end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes');

INSERT INTO vigil_settings (key, value) VALUES ('storage_path', 'timescale');
