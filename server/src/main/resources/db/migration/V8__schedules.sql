-- Schedules: a job request run at a time or on a cron expression (with a time zone).
-- A tick is claimed by inserting its (schedule_id, tick) row: the primary key lets exactly one node win it.
CREATE TABLE schedules (
    id            VARCHAR(36)  PRIMARY KEY,
    tenant_id     VARCHAR(36)  NOT NULL REFERENCES tenants (id),
    name          VARCHAR(128) NOT NULL,
    request       ${text}      NOT NULL,
    cron          VARCHAR(128),
    time_zone     VARCHAR(64),
    run_at        TIMESTAMP WITH TIME ZONE,
    paused        BOOLEAN      NOT NULL,
    next_fire_at  TIMESTAMP WITH TIME ZONE,
    last_fired_at TIMESTAMP WITH TIME ZONE,
    last_job_id   VARCHAR(36),
    created_by    VARCHAR(36)  NOT NULL,
    created_role  VARCHAR(32)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (tenant_id, name)
);
CREATE INDEX schedules_due ON schedules (next_fire_at);

CREATE TABLE schedule_fires (
    schedule_id  VARCHAR(36)   NOT NULL REFERENCES schedules (id),
    tick         TIMESTAMP WITH TIME ZONE NOT NULL,
    fired_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    node         VARCHAR(128)  NOT NULL,
    job_id       VARCHAR(36),
    missed_ticks INTEGER       NOT NULL,
    note         VARCHAR(2048),
    PRIMARY KEY (schedule_id, tick)
);
