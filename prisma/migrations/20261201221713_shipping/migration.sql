-- CreateEnum
CREATE TYPE "OrderLineKind" AS ENUM ('PRODUCT', 'SHIPPING');

-- CreateEnum
CREATE TYPE "ShippingMethodKind" AS ENUM ('INPOST_LOCKER', 'INPOST_COURIER', 'APACZKA_COURIER', 'PICKUP');

-- CreateEnum
CREATE TYPE "ShipmentState" AS ENUM ('REQUESTED', 'CREATED', 'OFFERS_PREPARED', 'CONFIRMED', 'CANCEL_REQUESTED', 'CANCELLED', 'FAILED');

-- CreateEnum
CREATE TYPE "ShipmentStage" AS ENUM ('IN_PREPARATION', 'SHIPPED', 'READY_FOR_PICKUP', 'DELIVERED', 'RETURNED');

-- DropForeignKey
ALTER TABLE "order_lines" DROP CONSTRAINT "order_lines_product_id_fkey";

-- AlterTable
ALTER TABLE "order_lines" ADD COLUMN     "kind" "OrderLineKind" NOT NULL DEFAULT 'PRODUCT',
ALTER COLUMN "product_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "delivery_point" JSONB,
ADD COLUMN     "shipping_method_id" UUID;

-- AlterTable
ALTER TABLE "products" ADD COLUMN     "weight_grams" INTEGER NOT NULL DEFAULT 500;

-- CreateTable
CREATE TABLE "shipping_methods" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "code" TEXT NOT NULL,
    "kind" "ShippingMethodKind" NOT NULL,
    "name_pl" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "price_gross_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'PLN',
    "free_above_minor" INTEGER,
    "max_weight_grams" INTEGER NOT NULL,
    "parcel_templates" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "carrier_service_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shipping_methods_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipments" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "order_id" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "carrier" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "state" "ShipmentState" NOT NULL DEFAULT 'REQUESTED',
    "stage" "ShipmentStage" NOT NULL DEFAULT 'IN_PREPARATION',
    "provider_shipment_id" TEXT,
    "provider_status" TEXT,
    "tracking_number" TEXT,
    "tracking_url" TEXT,
    "pickup_code" TEXT,
    "parcel_template" TEXT NOT NULL,
    "weight_grams" INTEGER NOT NULL,
    "insurance_minor" INTEGER,
    "reference" TEXT,
    "target_point" TEXT,
    "carrier_service_id" INTEGER,
    "is_waiting_for_provider" BOOLEAN NOT NULL DEFAULT false,
    "last_error" TEXT,
    "status_changed_at" TIMESTAMPTZ(3),
    "last_polled_at" TIMESTAMPTZ(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shipments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipment_events" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "shipment_id" UUID NOT NULL,
    "status" TEXT NOT NULL,
    "stage" "ShipmentStage",
    "source" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shipment_labels" (
    "shipment_id" UUID NOT NULL,
    "size" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "shipment_labels_pkey" PRIMARY KEY ("shipment_id","size")
);

-- CreateIndex
CREATE UNIQUE INDEX "shipping_methods_code_key" ON "shipping_methods"("code");

-- CreateIndex
CREATE INDEX "shipments_state_stage_status_changed_at_idx" ON "shipments"("state", "stage", "status_changed_at");

-- CreateIndex
CREATE UNIQUE INDEX "shipments_order_id_sequence_key" ON "shipments"("order_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "shipments_carrier_provider_shipment_id_key" ON "shipments"("carrier", "provider_shipment_id");

-- CreateIndex
CREATE INDEX "shipment_events_shipment_id_created_at_idx" ON "shipment_events"("shipment_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_events_shipment_id_status_key" ON "shipment_events"("shipment_id", "status");

-- AddForeignKey
ALTER TABLE "orders" ADD CONSTRAINT "orders_shipping_method_id_fkey" FOREIGN KEY ("shipping_method_id") REFERENCES "shipping_methods"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment_events" ADD CONSTRAINT "shipment_events_shipment_id_fkey" FOREIGN KEY ("shipment_id") REFERENCES "shipments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shipment_labels" ADD CONSTRAINT "shipment_labels_shipment_id_fkey" FOREIGN KEY ("shipment_id") REFERENCES "shipments"("id") ON DELETE CASCADE ON UPDATE CASCADE;
