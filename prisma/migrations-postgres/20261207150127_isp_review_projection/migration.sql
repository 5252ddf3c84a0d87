-- The 見直し予定日 of each ISP (decision 0024); the PostgreSQL twin of the SQLite migration of the
-- same name. Additive; filled by the collaboration server's start-up rebuild of the projection.
-- CreateTable
CREATE TABLE "IspReview" (
    "documentId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "reviewBy" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IspReview_pkey" PRIMARY KEY ("documentId")
);

-- CreateIndex
CREATE INDEX "IspReview_clientId_idx" ON "IspReview"("clientId");
