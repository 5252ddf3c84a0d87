-- The 見直し予定日 of each ISP (decision 0024). Additive. Existing ISPs are backfilled by the
-- collaboration server's start-up rebuild of the projection (PlanProjector.rebuildAll), which
-- decodes every stored plan and ISP: SQL cannot read a Yjs document.
-- CreateTable
CREATE TABLE "IspReview" (
    "documentId" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "reviewBy" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "IspReview_clientId_idx" ON "IspReview"("clientId");

