-- Runs of offboarding (users and workspaces), with what each needs to know
-- recorded as a JSON plan when it is created.
CREATE TABLE offboard_runs (
    id          TEXT PRIMARY KEY,
    batch_id    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    plan        BLOB NOT NULL,
    status      TEXT NOT NULL,
    created_at  INTEGER NOT NULL, -- Unix milliseconds, UTC
    started_at  INTEGER NOT NULL, -- 0 until the run starts
    finished_at INTEGER NOT NULL  -- 0 until the run ends
);
CREATE INDEX offboard_runs_status ON offboard_runs (status);
CREATE INDEX offboard_runs_batch ON offboard_runs (batch_id);

-- The steps of each run, in their order.
CREATE TABLE offboard_steps (
    run_id      TEXT NOT NULL REFERENCES offboard_runs (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    error       TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
