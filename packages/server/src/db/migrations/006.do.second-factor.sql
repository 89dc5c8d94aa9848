-- Schema version 6: a second factor (TOTP, RFC 6238) per account, and organisations that require
-- it. The last accepted time step is kept so a code cannot be used twice.
ALTER TABLE workers ADD COLUMN totp_secret text;
ALTER TABLE workers ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false;
ALTER TABLE workers ADD COLUMN totp_last_step bigint;
ALTER TABLE organisations ADD COLUMN require_second_factor boolean NOT NULL DEFAULT false;
