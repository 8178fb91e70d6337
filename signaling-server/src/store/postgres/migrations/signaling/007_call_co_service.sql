-- Co-service steps of a call (asked to see, consent given / refused / withdrawn), as JSON.
ALTER TABLE calls ADD COLUMN co_service TEXT;
