-- The privileges of the services' roles, run by DatabaseMigrator after every migration, as the tables' owner.
-- Not a numbered migration: this file is the whole truth about what the API and the worker may do, so it first takes
-- everything back and then grants each table's privileges anew; a table a new migration adds is out of reach of both
-- services until it is listed here (the end-to-end tests, which run the services as these roles, show what is missing).
--
-- faultmaven_api and faultmaven_worker are group roles: scripts/lib/postgres.sh gives them LOGIN and a password for
-- the embedded server; in production, log in as them or as roles IN ROLE them (docs/security.md, Database roles).
-- Neither owns anything, so neither can ALTER a table, disable its triggers or grant itself more. Derived from the SQL
-- each service runs: the worker's sinks, session model training, incident indexing and cluster guard; the API's
-- endpoints, ingestion idempotency, Alertmanager intake, the identity store and the audit log.
DO $$
DECLARE
    service text;
BEGIN
    FOREACH service IN ARRAY ARRAY['faultmaven_api', 'faultmaven_worker'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', service);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN
                    NULL; -- another migrator (a parallel test database on the same server) created it meanwhile
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION 'role % does not exist and % may not create roles', service, current_user
                        USING HINT = format('As a superuser: CREATE ROLE %I NOLOGIN; (docs/security.md, Database roles)', service);
            END;
        END IF;
    END LOOP;

    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO faultmaven_api, faultmaven_worker', current_database());

    -- The identity store (EF Core migrations, schema "identity") may not exist yet on a database only DbUp migrated.
    IF EXISTS (SELECT FROM pg_namespace WHERE nspname = 'identity') THEN
        REVOKE ALL ON ALL TABLES IN SCHEMA identity FROM faultmaven_api, faultmaven_worker;
        REVOKE ALL ON SCHEMA identity FROM faultmaven_worker;
        GRANT USAGE ON SCHEMA identity TO faultmaven_api;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA identity TO faultmaven_api;
        -- The API only checks that nothing is pending; fm migrate applies identity migrations as the owner.
        IF to_regclass('identity.migrations_history') IS NOT NULL THEN
            REVOKE INSERT, UPDATE, DELETE ON identity.migrations_history FROM faultmaven_api;
        END IF;
    END IF;
END
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM faultmaven_api, faultmaven_worker;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM faultmaven_api, faultmaven_worker;

-- Both: services check at start that no migration is pending (DatabaseMigrator.EnsureCurrentAsync).
GRANT SELECT ON schemaversions TO faultmaven_api, faultmaven_worker;

-- The audit log: appends only (AuditLog.AppendAsync locks and moves the head, hence UPDATE on the head's one row);
-- the triggers that refuse UPDATE, DELETE and TRUNCATE stay on because only the owner may disable them.
GRANT SELECT, INSERT ON audit_log TO faultmaven_api;
GRANT SELECT, UPDATE ON audit_chain_head TO faultmaven_api;

-- The worker: the sinks upsert logs, templates, findings and incidents and insert dead letters; incident indexing
-- keeps incident_embeddings; session model training and the cluster guard keep their rows.
GRANT SELECT, INSERT, UPDATE ON logs, log_templates, findings, incidents, session_models, kafka_cluster TO faultmaven_worker;
GRANT SELECT, INSERT ON dead_letters TO faultmaven_worker;
GRANT SELECT, INSERT, UPDATE, DELETE ON incident_embeddings TO faultmaven_worker;
GRANT SELECT ON feedback TO faultmaven_worker;

-- The API: reads what the pipeline stored; incidents are resolved and grouped (findings attached), Alertmanager
-- alerts become findings, feedback is voted (a caller's repeat replaces its vote), the similar-incidents index is
-- refreshed, ingestion keys are claimed.
GRANT SELECT ON logs, log_templates, dead_letters, session_models, kafka_cluster TO faultmaven_api;
GRANT SELECT, INSERT, UPDATE ON findings, incidents, alerts, feedback TO faultmaven_api;
GRANT SELECT, INSERT, UPDATE, DELETE ON incident_embeddings, ingest_requests TO faultmaven_api;
