-- The integration core: order flags (replacing attention_reason), fulfilment status, lifecycle events, bounded
-- refusal counters.
-- CreateEnum
CREATE TYPE "FulfilmentStatus" AS ENUM ('UNFULFILLED', 'IN_PREPARATION', 'SHIPPED', 'READY_FOR_PICKUP', 'DELIVERED', 'RETURNED');


-- CreateTable
CREATE TABLE "order_flags" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "order_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cleared_at" TIMESTAMPTZ(3),
    "cleared_by" TEXT,

    CONSTRAINT "order_flags_pkey" PRIMARY KEY ("id")
);

-- Existing flags (one free-text reason per order) become structured flags before the column goes
INSERT INTO "order_flags" ("order_id", "source", "code", "message")
SELECT "id", 'legacy', 'legacy.attention', COALESCE("attention_reason", 'needs attention')
FROM "orders" WHERE "needs_attention";

-- AlterTable
ALTER TABLE "orders" DROP COLUMN "attention_reason",
ADD COLUMN     "fulfilment_status" "FulfilmentStatus" NOT NULL DEFAULT 'UNFULFILLED';

-- CreateTable
CREATE TABLE "lifecycle_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "order_id" UUID,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lifecycle_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_refusal_counts" (
    "provider" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "webhook_refusal_counts_pkey" PRIMARY KEY ("provider","reason","minute")
);

-- CreateIndex
CREATE INDEX "order_flags_order_id_cleared_at_idx" ON "order_flags"("order_id", "cleared_at");

-- CreateIndex
CREATE INDEX "order_flags_cleared_at_raised_at_idx" ON "order_flags"("cleared_at", "raised_at");

-- CreateIndex
CREATE UNIQUE INDEX "lifecycle_events_key_key" ON "lifecycle_events"("key");

-- CreateIndex
CREATE INDEX "lifecycle_events_order_id_created_at_idx" ON "lifecycle_events"("order_id", "created_at");

-- CreateIndex
CREATE INDEX "lifecycle_events_name_created_at_idx" ON "lifecycle_events"("name", "created_at");

-- CreateIndex
CREATE INDEX "webhook_refusal_counts_minute_idx" ON "webhook_refusal_counts"("minute");

-- AddForeignKey
ALTER TABLE "order_flags" ADD CONSTRAINT "order_flags_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lifecycle_events" ADD CONSTRAINT "lifecycle_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;
