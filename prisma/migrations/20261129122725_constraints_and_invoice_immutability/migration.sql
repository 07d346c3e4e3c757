-- Hand-written: rules Prisma's schema language cannot express. Each one backs a money rule in the database itself.

-- stock and quantities never go negative; refunds never exceed what was paid
ALTER TABLE "products" ADD CONSTRAINT "products_stock_nonnegative" CHECK ("stock" >= 0);
ALTER TABLE "products" ADD CONSTRAINT "products_price_nonnegative" CHECK ("price_gross_minor" >= 0);
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_quantity_positive" CHECK ("quantity" > 0);
ALTER TABLE "orders" ADD CONSTRAINT "orders_refunded_within_total"
  CHECK ("refunded_minor" >= 0 AND "refunded_minor" <= "total_gross_minor");
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_amount_positive" CHECK ("amount_minor" > 0);

-- Issued invoices are immutable: only the KSeF submission fields may change later; nothing is ever deleted.
CREATE FUNCTION "invoices_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'issued invoice % cannot be deleted; issue a corrective invoice', OLD."number"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (to_jsonb(NEW) - 'ksef_status' - 'ksef_number') IS DISTINCT FROM (to_jsonb(OLD) - 'ksef_status' - 'ksef_number') THEN
    RAISE EXCEPTION 'issued invoice % is immutable; issue a corrective invoice', OLD."number"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER "invoices_immutable" BEFORE UPDATE OR DELETE ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION "invoices_immutable"();

-- A stored PDF is part of the issued document: written once, never replaced or removed.
CREATE FUNCTION "invoice_pdfs_write_once"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the PDF of an issued invoice cannot be changed or deleted'
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER "invoice_pdfs_write_once" BEFORE UPDATE OR DELETE ON "invoice_pdfs"
  FOR EACH ROW EXECUTE FUNCTION "invoice_pdfs_write_once"();
