ALTER TABLE attempts ADD launch_id NVARCHAR(36) NULL;
