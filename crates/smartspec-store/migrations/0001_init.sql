-- smartspec store, schema version 1.
-- Every record keeps its validated body as JSON in `data`; the columns beside
-- it are the ones that are filtered on, joined on or enforced (foreign keys,
-- workflow status). `published` makes a record a public read.

CREATE TABLE users (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'region_editor', 'expert', 'viewer')),
    created_at  TEXT NOT NULL
);

CREATE TABLE user_regions (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    region      TEXT NOT NULL,
    PRIMARY KEY (user_id, region)
);

-- API tokens: only the SHA-256 of the token is kept.
CREATE TABLE tokens (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    sha256      TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE priorities (
    id          INTEGER PRIMARY KEY,
    region      TEXT NOT NULL,
    published   INTEGER NOT NULL DEFAULT 0,
    data        TEXT NOT NULL CHECK (json_valid(data)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX priorities_region ON priorities(region);

CREATE TABLE partnerships (
    id          INTEGER PRIMARY KEY,
    theme       TEXT NOT NULL,
    status      TEXT NOT NULL,
    published   INTEGER NOT NULL DEFAULT 0,
    data        TEXT NOT NULL CHECK (json_valid(data)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE partnership_members (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE RESTRICT,
    region          TEXT NOT NULL,
    published       INTEGER NOT NULL DEFAULT 0,
    data            TEXT NOT NULL CHECK (json_valid(data)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX members_partnership ON partnership_members(partnership_id);

CREATE TABLE projects (
    id              INTEGER PRIMARY KEY,
    partnership_id  INTEGER NOT NULL REFERENCES partnerships(id) ON DELETE RESTRICT,
    published       INTEGER NOT NULL DEFAULT 0,
    data            TEXT NOT NULL CHECK (json_valid(data)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX projects_partnership ON projects(partnership_id);

CREATE TABLE calls (
    id          INTEGER PRIMARY KEY,
    published   INTEGER NOT NULL DEFAULT 0,
    data        TEXT NOT NULL CHECK (json_valid(data)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE applications (
    id          INTEGER PRIMARY KEY,
    call_id     INTEGER NOT NULL REFERENCES calls(id) ON DELETE RESTRICT,
    region      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'submitted'
                CHECK (status IN ('submitted', 'eligible', 'selected', 'active', 'closed')),
    published   INTEGER NOT NULL DEFAULT 0,
    data        TEXT NOT NULL CHECK (json_valid(data)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX applications_call ON applications(call_id);
CREATE INDEX applications_region ON applications(region);

CREATE TABLE expert_teams (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE RESTRICT,
    published       INTEGER NOT NULL DEFAULT 0,
    data            TEXT NOT NULL CHECK (json_valid(data)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX expert_teams_application ON expert_teams(application_id);

-- Which expert users an application is assigned to (kept from expert_teams).
CREATE TABLE assignments (
    team_id         INTEGER NOT NULL REFERENCES expert_teams(id) ON DELETE CASCADE,
    application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    user_name       TEXT NOT NULL,
    PRIMARY KEY (team_id, user_name)
);
CREATE INDEX assignments_user ON assignments(user_name, application_id);

CREATE TABLE action_plans (
    id              INTEGER PRIMARY KEY,
    application_id  INTEGER NOT NULL REFERENCES applications(id) ON DELETE RESTRICT,
    status          TEXT NOT NULL,
    published       INTEGER NOT NULL DEFAULT 0,
    data            TEXT NOT NULL CHECK (json_valid(data)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX action_plans_application ON action_plans(application_id);

-- Every write: who, when, what (the body after the write; null for a delete).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   INTEGER,
    detail      TEXT CHECK (detail IS NULL OR json_valid(detail))
);
CREATE INDEX audit_entity ON audit_log(entity, entity_id);
