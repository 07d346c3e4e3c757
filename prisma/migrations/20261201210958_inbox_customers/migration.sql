/*
  Warnings:

  - A unique constraint covering the columns `[message_id]` on the table `email_messages` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "Deliverability" AS ENUM ('OK', 'DELAYED', 'BOUNCED');

-- CreateEnum
CREATE TYPE "InboundKind" AS ENUM ('MESSAGE', 'AUTO_REPLY', 'BOUNCE');

-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('FILED', 'UNASSIGNED', 'QUARANTINED');

-- AlterTable
ALTER TABLE "email_messages" ADD COLUMN     "bounce_detail" TEXT,
ADD COLUMN     "in_reply_to" TEXT,
ADD COLUMN     "inbound_reply_to_id" UUID,
ADD COLUMN     "message_id" TEXT,
ADD COLUMN     "references" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "reply_to" TEXT;

-- CreateTable
CREATE TABLE "customers" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "email" TEXT NOT NULL,
    "name" TEXT,
    "phone" TEXT,
    "source" TEXT NOT NULL DEFAULT 'order',
    "deliverability" "Deliverability" NOT NULL DEFAULT 'OK',
    "deliverability_note" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbox_cursors" (
    "mailbox" TEXT NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "last_uid" BIGINT NOT NULL DEFAULT 0,
    "holder" TEXT,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "inbox_cursors_pkey" PRIMARY KEY ("mailbox","folder")
);

-- CreateTable
CREATE TABLE "inbound_messages" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "mailbox" TEXT NOT NULL,
    "message_id" TEXT,
    "fingerprint" TEXT NOT NULL,
    "kind" "InboundKind" NOT NULL DEFAULT 'MESSAGE',
    "status" "InboundStatus" NOT NULL,
    "quarantine_reason" TEXT,
    "from_address" TEXT,
    "from_name" TEXT,
    "to_addresses" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "subject" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "text_body" TEXT,
    "html_body" TEXT,
    "reply_text" TEXT,
    "in_reply_to" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "references" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "classification" JSONB,
    "link_rule" TEXT,
    "order_id" UUID,
    "customer_id" UUID,
    "email_message_id" UUID,
    "raw_source" BYTEA,
    "raw_size" INTEGER NOT NULL,
    "read_at" TIMESTAMPTZ(3),
    "answered_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inbound_locations" (
    "mailbox" TEXT NOT NULL,
    "folder" TEXT NOT NULL,
    "uid_validity" BIGINT NOT NULL,
    "uid" BIGINT NOT NULL,
    "message_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbound_locations_pkey" PRIMARY KEY ("mailbox","folder","uid_validity","uid")
);

-- CreateTable
CREATE TABLE "inbound_attachments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "message_id" UUID NOT NULL,
    "filename" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "declared_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "inbound_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_email_key" ON "customers"("email");

-- CreateIndex
CREATE INDEX "customers_created_at_idx" ON "customers"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "inbound_messages_message_id_key" ON "inbound_messages"("message_id");

-- CreateIndex
CREATE INDEX "inbound_messages_status_received_at_idx" ON "inbound_messages"("status", "received_at");

-- CreateIndex
CREATE INDEX "inbound_messages_order_id_received_at_idx" ON "inbound_messages"("order_id", "received_at");

-- CreateIndex
CREATE INDEX "inbound_messages_customer_id_received_at_idx" ON "inbound_messages"("customer_id", "received_at");

-- CreateIndex
CREATE INDEX "inbound_locations_message_id_idx" ON "inbound_locations"("message_id");

-- CreateIndex
CREATE INDEX "inbound_attachments_message_id_idx" ON "inbound_attachments"("message_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_messages_message_id_key" ON "email_messages"("message_id");

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_messages" ADD CONSTRAINT "inbound_messages_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_locations" ADD CONSTRAINT "inbound_locations_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "inbound_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inbound_attachments" ADD CONSTRAINT "inbound_attachments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "inbound_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every existing buyer becomes a customer (the newest order's name and phone).
INSERT INTO "customers" ("id", "email", "name", "phone", "source", "updated_at")
SELECT DISTINCT ON (lower("email")) gen_random_uuid(), lower("email"), "customer_name", "phone", 'order', now()
FROM "orders" ORDER BY lower("email"), "created_at" DESC
ON CONFLICT ("email") DO NOTHING;
