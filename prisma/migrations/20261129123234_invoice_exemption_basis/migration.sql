-- AlterTable
ALTER TABLE "shop_settings" ADD COLUMN     "exemption_basis" TEXT;
