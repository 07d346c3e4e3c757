-- CreateEnum
CREATE TYPE "AccountingExportStatus" AS ENUM ('RUNNING', 'READY', 'FAILED');

-- CreateTable
CREATE TABLE "accounting_exports" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "month" CHAR(7) NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "AccountingExportStatus" NOT NULL DEFAULT 'RUNNING',
    "trigger" TEXT NOT NULL,
    "requested_by" TEXT,
    "change_note" TEXT,
    "fingerprint" TEXT,
    "invoice_count" INTEGER NOT NULL DEFAULT 0,
    "correction_count" INTEGER NOT NULL DEFAULT 0,
    "excluded_count" INTEGER NOT NULL DEFAULT 0,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "summary" JSONB,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "accounting_exports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounting_export_progress" (
    "export_id" UUID NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounting_export_progress_pkey" PRIMARY KEY ("export_id")
);

-- CreateTable
CREATE TABLE "accounting_export_files" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "export_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounting_export_files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "accounting_export_chunks" (
    "file_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "accounting_export_chunks_pkey" PRIMARY KEY ("file_id","seq")
);

-- CreateTable
CREATE TABLE "accounting_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "tax_office_code" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "accounting_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "accounting_exports_created_at_idx" ON "accounting_exports"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "accounting_exports_month_version_key" ON "accounting_exports"("month", "version");

-- CreateIndex
CREATE UNIQUE INDEX "accounting_export_files_export_id_kind_key" ON "accounting_export_files"("export_id", "kind");

-- AddForeignKey
ALTER TABLE "accounting_export_progress" ADD CONSTRAINT "accounting_export_progress_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "accounting_exports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounting_export_files" ADD CONSTRAINT "accounting_export_files_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "accounting_exports"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "accounting_export_chunks" ADD CONSTRAINT "accounting_export_chunks_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "accounting_export_files"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
