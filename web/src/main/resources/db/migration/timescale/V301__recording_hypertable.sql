-- TimescaleDB: recorded segments and their tracks are hypertables with one-day chunks, like the other time series.
SELECT create_hypertable('recording_segments', 'start_time', chunk_time_interval => INTERVAL '1 day',
  migrate_data => true);
SELECT create_hypertable('recording_tracks', 'time', chunk_time_interval => INTERVAL '1 day', migrate_data => true);
