-- Staff management: an admin disables and re-enables accounts.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
