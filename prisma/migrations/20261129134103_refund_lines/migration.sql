-- AlterTable
ALTER TABLE "refunds" ADD COLUMN     "lines" JSONB;
