-- Login sessions, keyed by a digest of the cookie value.
CREATE TABLE sessions (
    key        TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    expires_at INTEGER NOT NULL -- Unix milliseconds, UTC
);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Append-only record of state-changing requests and security events.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    time           INTEGER NOT NULL, -- Unix milliseconds, UTC
    actor_username TEXT NOT NULL,
    actor_subject  TEXT NOT NULL,
    action         TEXT NOT NULL,
    target         TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    request_id     TEXT NOT NULL,
    detail         TEXT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (time);
