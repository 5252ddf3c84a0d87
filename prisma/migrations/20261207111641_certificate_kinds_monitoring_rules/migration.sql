-- Additive only (hand-written instead of Prisma's table rebuild): SQLite adds a NOT NULL column
-- with a constant default in place, so existing rows keep everything and other branches'
-- migrations on these tables do not fight a rebuild.

-- 新規利用者の毎月モニタリング (domain.md §2): the month the municipality starts the 3 months
ALTER TABLE "Certificate" ADD COLUMN "newUserMonthlyFrom" TEXT NOT NULL DEFAULT '';

-- 障害支援区分の認定有効期間
ALTER TABLE "Client" ADD COLUMN "supportLevelFrom" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Client" ADD COLUMN "supportLevelUntil" TEXT NOT NULL DEFAULT '';

-- 臨時モニタリング: the reason for monitoring a month the 受給者証 does not list
ALTER TABLE "MonitoringReport" ADD COLUMN "extraordinaryReason" TEXT NOT NULL DEFAULT '';

