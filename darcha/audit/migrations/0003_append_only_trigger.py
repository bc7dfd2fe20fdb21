"""On PostgreSQL the database itself refuses UPDATE, DELETE and TRUNCATE of audit entries.

The model refuses them too, but only for code that goes through the ORM's save/delete; the trigger
covers queryset updates, raw SQL and other clients. One UPDATE stays allowed: deleting a staff user
sets `actor_id` to NULL (on_delete=SET_NULL), and the entry keeps `actor_username`, which its hash covers.
An owner of the table can still disable the trigger; the keyed seals (migration 0002) are what catch
a chain rewritten that way.

TRUNCATE is refused unless the session says `darcha.audit_truncate = 'allowed'`: the test suite's
database sets it (conftest.py), because Django empties tables between transactional tests with TRUNCATE.
SQLite has no such trigger; there the model's guard and the seals do the work.
"""

from django.db import migrations

TABLE = "audit_auditentry"

CREATE = f"""
CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
    ELSIF TG_OP = 'TRUNCATE' THEN
        IF current_setting('darcha.audit_truncate', true) = 'allowed' THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS audit_entries_no_truncate ON {TABLE};
DROP TRIGGER IF EXISTS audit_entries_no_update_delete ON {TABLE};
DROP FUNCTION IF EXISTS audit_entries_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_seal")]

    operations = [migrations.RunPython(create_trigger, drop_trigger)]
