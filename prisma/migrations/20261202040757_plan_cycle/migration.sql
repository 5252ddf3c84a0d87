-- AlterTable
ALTER TABLE "User" ADD COLUMN "electronicConsentAt" DATETIME;

-- CreateTable
CREATE TABLE "PlanCycle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "planDocumentId" TEXT,
    "endedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PlanCycleEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT NOT NULL,
    "toState" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "occurredOn" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "versionId" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlanCycleEvent_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "PlanCycle" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlanConsent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "cycleId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "consenterType" TEXT NOT NULL,
    "consenterName" TEXT NOT NULL,
    "relationship" TEXT NOT NULL DEFAULT '',
    "proxyReason" TEXT NOT NULL DEFAULT '',
    "method" TEXT NOT NULL,
    "explainedOn" TEXT NOT NULL,
    "consentedOn" TEXT NOT NULL,
    "consentUserId" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PlanDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "cycleId" TEXT,
    "versionId" TEXT,
    "documentId" TEXT,
    "recipientType" TEXT NOT NULL,
    "recipientName" TEXT NOT NULL,
    "organizationId" TEXT,
    "method" TEXT NOT NULL,
    "deliveredOn" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MonitoringReport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "cycleId" TEXT,
    "month" TEXT NOT NULL,
    "conductedOn" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "changeNeeded" BOOLEAN NOT NULL DEFAULT false,
    "completedById" TEXT,
    "completedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Client" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "familyName" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyNameKana" TEXT NOT NULL,
    "givenNameKana" TEXT NOT NULL,
    "birthDate" TEXT NOT NULL,
    "gender" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "guardianName" TEXT NOT NULL DEFAULT '',
    "disabilityCategories" TEXT NOT NULL DEFAULT '',
    "supportLevel" TEXT NOT NULL DEFAULT 'pending',
    "handbook" TEXT NOT NULL DEFAULT '',
    "postalCode" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "municipalityId" TEXT,
    "hubRegistered" BOOLEAN NOT NULL DEFAULT false,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "closeReason" TEXT NOT NULL DEFAULT '',
    "closeEvaluation" TEXT NOT NULL DEFAULT '',
    "retainUntil" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Client" ("address", "birthDate", "category", "closedAt", "createdAt", "disabilityCategories", "familyName", "familyNameKana", "gender", "givenName", "givenNameKana", "guardianName", "handbook", "hubRegistered", "id", "municipalityId", "phone", "postalCode", "supportLevel", "updatedAt") SELECT "address", "birthDate", "category", "closedAt", "createdAt", "disabilityCategories", "familyName", "familyNameKana", "gender", "givenName", "givenNameKana", "guardianName", "handbook", "hubRegistered", "id", "municipalityId", "phone", "postalCode", "supportLevel", "updatedAt" FROM "Client";
DROP TABLE "Client";
ALTER TABLE "new_Client" RENAME TO "Client";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PlanCycle_clientId_endedAt_idx" ON "PlanCycle"("clientId", "endedAt");

-- CreateIndex
CREATE INDEX "PlanCycle_state_idx" ON "PlanCycle"("state");

-- CreateIndex
CREATE UNIQUE INDEX "PlanCycle_clientId_number_key" ON "PlanCycle"("clientId", "number");

-- CreateIndex
CREATE INDEX "PlanCycleEvent_cycleId_createdAt_idx" ON "PlanCycleEvent"("cycleId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanCycleEvent_clientId_createdAt_idx" ON "PlanCycleEvent"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanConsent_clientId_createdAt_idx" ON "PlanConsent"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "PlanConsent_cycleId_idx" ON "PlanConsent"("cycleId");

-- CreateIndex
CREATE INDEX "PlanDelivery_clientId_createdAt_idx" ON "PlanDelivery"("clientId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringReport_documentId_key" ON "MonitoringReport"("documentId");

-- CreateIndex
CREATE INDEX "MonitoringReport_clientId_month_idx" ON "MonitoringReport"("clientId", "month");


-- The cycle's history is the record of who did which step when: never changed, never removed.
CREATE TRIGGER "PlanCycleEvent_no_update" BEFORE UPDATE ON "PlanCycleEvent"
BEGIN
    SELECT RAISE(ABORT, 'PlanCycleEvent is append-only');
END;

CREATE TRIGGER "PlanCycleEvent_no_delete" BEFORE DELETE ON "PlanCycleEvent"
BEGIN
    SELECT RAISE(ABORT, 'PlanCycleEvent is append-only');
END;

-- Consent and delivery records are evidence as well.
CREATE TRIGGER "PlanConsent_no_update" BEFORE UPDATE ON "PlanConsent"
BEGIN
    SELECT RAISE(ABORT, 'PlanConsent is append-only');
END;

CREATE TRIGGER "PlanConsent_no_delete" BEFORE DELETE ON "PlanConsent"
BEGIN
    SELECT RAISE(ABORT, 'PlanConsent is append-only');
END;

CREATE TRIGGER "PlanDelivery_no_update" BEFORE UPDATE ON "PlanDelivery"
BEGIN
    SELECT RAISE(ABORT, 'PlanDelivery is append-only');
END;

CREATE TRIGGER "PlanDelivery_no_delete" BEFORE DELETE ON "PlanDelivery"
BEGIN
    SELECT RAISE(ABORT, 'PlanDelivery is append-only');
END;
