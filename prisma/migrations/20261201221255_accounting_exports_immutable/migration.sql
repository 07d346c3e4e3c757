-- A file handed to the accountant is never silently overwritten: an export's files and their bytes are written
-- once, in the transaction that marks the export READY, and are never changed or deleted afterwards. The export row
-- itself may change only while it is RUNNING (its result is written once); READY and FAILED versions stay as they are.
CREATE FUNCTION "accounting_export_chunks_write_once"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an exported file cannot be changed or deleted; generate a new version'
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER "accounting_export_chunks_write_once" BEFORE UPDATE OR DELETE ON "accounting_export_chunks"
  FOR EACH ROW EXECUTE FUNCTION "accounting_export_chunks_write_once"();

-- a file row gets its size and hash when its bytes are written, while its export is still RUNNING; never after
CREATE FUNCTION "accounting_export_files_write_once"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW."export_id" <> OLD."export_id"
     OR (SELECT "status" FROM "accounting_exports" WHERE "id" = OLD."export_id") <> 'RUNNING' THEN
    RAISE EXCEPTION 'an exported file cannot be changed or deleted; generate a new version'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "accounting_export_files_write_once" BEFORE UPDATE OR DELETE ON "accounting_export_files"
  FOR EACH ROW EXECUTE FUNCTION "accounting_export_files_write_once"();

CREATE FUNCTION "accounting_exports_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'accounting export % v% cannot be deleted', OLD."month", OLD."version"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF OLD."status" <> 'RUNNING' OR NEW."month" <> OLD."month" OR NEW."version" <> OLD."version" THEN
    RAISE EXCEPTION 'accounting export % v% is final; generate a new version', OLD."month", OLD."version"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "accounting_exports_immutable" BEFORE UPDATE OR DELETE ON "accounting_exports"
  FOR EACH ROW EXECUTE FUNCTION "accounting_exports_immutable"();

-- at most one export of a month runs at a time
CREATE UNIQUE INDEX "accounting_exports_one_running" ON "accounting_exports" ("month") WHERE "status" = 'RUNNING';
