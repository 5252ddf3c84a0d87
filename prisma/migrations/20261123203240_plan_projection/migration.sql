-- CreateTable
CREATE TABLE "PlanGoal" (
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "goalId" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "need" TEXT NOT NULL DEFAULT '',
    "goal" TEXT NOT NULL DEFAULT '',
    "dueText" TEXT NOT NULL DEFAULT '',
    "deletedAt" DATETIME,

    PRIMARY KEY ("documentId", "goalId")
);

-- CreateTable
CREATE TABLE "SupportRow" (
    "clientId" TEXT NOT NULL,
    "ispDocumentId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL DEFAULT 'self',

    PRIMARY KEY ("ispDocumentId", "rowId")
);

-- CreateTable
CREATE TABLE "SupportRowLink" (
    "clientId" TEXT NOT NULL,
    "ispDocumentId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "rowSummary" TEXT NOT NULL DEFAULT '',
    "goalId" TEXT NOT NULL,

    PRIMARY KEY ("ispDocumentId", "rowId", "goalId")
);

-- CreateIndex
CREATE INDEX "PlanGoal_clientId_idx" ON "PlanGoal"("clientId");

-- CreateIndex
CREATE INDEX "SupportRow_clientId_idx" ON "SupportRow"("clientId");

-- CreateIndex
CREATE INDEX "SupportRowLink_clientId_goalId_idx" ON "SupportRowLink"("clientId", "goalId");

