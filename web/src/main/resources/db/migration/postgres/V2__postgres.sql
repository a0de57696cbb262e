-- Plain PostgreSQL: queries bucket raw rows with date_bin and Vigil's retention job deletes old
-- rows, which needs an index that starts with time.
CREATE INDEX occupancy_time ON occupancy (time);
CREATE INDEX camera_status_time ON camera_status (time);

INSERT INTO vigil_settings (key, value) VALUES ('storage_path', 'postgres');
