-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN "originalDate" TEXT;

-- AlterTable
ALTER TABLE "DocumentVersion" ADD COLUMN "frozenFacts" TEXT;

-- AlterTable
ALTER TABLE "MonitoringReport" ADD COLUMN "planVersionId" TEXT;

