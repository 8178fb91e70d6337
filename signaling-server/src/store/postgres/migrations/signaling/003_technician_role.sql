-- The technician role: enrols and looks after terminals.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
  CHECK (role IN ('clerk', 'supervisor', 'admin', 'technician'));
