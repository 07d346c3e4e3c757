-- Provider-neutral payments: neutral column names, a normalized payment method, a PROCESSING attempt status,
-- double payments and their refunds, and the staff switch for refunding them automatically.

-- CreateEnum
CREATE TYPE "PaymentMethod" AS ENUM ('card', 'blik', 'bank_transfer', 'wallet', 'pay_later', 'other');

-- CreateEnum
CREATE TYPE "RefundPurpose" AS ENUM ('ORDER', 'DUPLICATE_PAYMENT');

-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'PROCESSING' BEFORE 'COMPLETED';

-- Rename Stripe-named columns (data kept)
ALTER TABLE "payments" RENAME COLUMN "checkout_session_id" TO "provider_checkout_id";
ALTER TABLE "payments" RENAME COLUMN "payment_intent_id" TO "provider_payment_id";
ALTER TABLE "payments" RENAME COLUMN "charge_id" TO "provider_charge_id";
ALTER TABLE "payments" RENAME COLUMN "provider_payment_status" TO "provider_status";
ALTER TABLE "payments" RENAME COLUMN "payment_method_type" TO "method_detail";
ALTER INDEX "payments_checkout_session_id_key" RENAME TO "payments_provider_checkout_id_key";
ALTER INDEX "payments_payment_intent_id_key" RENAME TO "payments_provider_payment_id_key";

-- AlterTable
ALTER TABLE "payments" ADD COLUMN "method" "PaymentMethod",
ADD COLUMN "is_duplicate" BOOLEAN NOT NULL DEFAULT false;

-- Stripe's method names -> the neutral method (the same map as lib/payments/providers/stripe.ts)
CREATE FUNCTION pg_temp.neutral_method(t text) RETURNS "PaymentMethod" LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN t IS NULL THEN NULL
    WHEN t IN ('card', 'link') THEN 'card'
    WHEN t = 'blik' THEN 'blik'
    WHEN t IN ('p24', 'sepa_debit', 'customer_balance', 'bank_transfer', 'us_bank_account', 'bacs_debit', 'ideal',
               'bancontact', 'eps', 'sofort', 'giropay') THEN 'bank_transfer'
    WHEN t IN ('paypal', 'revolut_pay', 'mobilepay') THEN 'wallet'
    WHEN t IN ('klarna', 'affirm', 'afterpay_clearpay') THEN 'pay_later'
    ELSE 'other'
  END::"PaymentMethod"
$$;
UPDATE "payments" SET "method" = pg_temp.neutral_method("method_detail") WHERE "method_detail" IS NOT NULL;
ALTER TABLE "orders" ALTER COLUMN "payment_method" TYPE "PaymentMethod" USING pg_temp.neutral_method("payment_method");

-- AlterTable
ALTER TABLE "refunds" ADD COLUMN "purpose" "RefundPurpose" NOT NULL DEFAULT 'ORDER';

-- AlterTable
ALTER TABLE "shop_settings" ADD COLUMN "auto_refund_double_payments" BOOLEAN NOT NULL DEFAULT true;
