-- TimescaleDB: recorded segments are a hypertable with one-day chunks, like the other time series.
SELECT create_hypertable('recording_segments', 'start_time', chunk_time_interval => INTERVAL '1 day',
  migrate_data => true);
