-- CreateTable
CREATE TABLE "HubRegistration" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "hubOrganizationId" TEXT,
    "coordinatorId" TEXT,
    "registeredOn" TEXT NOT NULL,
    "reasons" TEXT NOT NULL DEFAULT '',
    "reasonOther" TEXT NOT NULL DEFAULT '',
    "consentBy" TEXT NOT NULL DEFAULT '',
    "consentRelation" TEXT NOT NULL DEFAULT '',
    "consentMethod" TEXT NOT NULL DEFAULT '',
    "consentOn" TEXT NOT NULL DEFAULT '',
    "specialistId" TEXT,
    "coreCenterOrganizationId" TEXT,
    "coreCenterNote" TEXT NOT NULL DEFAULT '',
    "reviewOn" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'active',
    "endedOn" TEXT NOT NULL DEFAULT '',
    "endReason" TEXT NOT NULL DEFAULT '',
    "migrated" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "HubArrangement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "providerOrganizationId" TEXT,
    "providerName" TEXT NOT NULL,
    "conditions" TEXT NOT NULL DEFAULT '',
    "agreedOn" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "HubArrangement_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "HubRegistration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HubTrialStay" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "registrationId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "HubTrialStay_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "HubRegistration" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmergencyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "hubOrganizationId" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "callerName" TEXT NOT NULL,
    "callerRelation" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "situation" TEXT NOT NULL,
    "actionsTaken" TEXT NOT NULL,
    "contacted" TEXT NOT NULL DEFAULT '',
    "handoffNote" TEXT NOT NULL DEFAULT '',
    "recordedById" TEXT NOT NULL,
    "revisionCycleId" TEXT,
    "revisionStartedAt" DATETIME,
    "revisionStartedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "EmergencyService" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "responseId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "providerOrganizationId" TEXT,
    "providerName" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "EmergencyService_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "EmergencyResponse" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "HubMeeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hubOrganizationId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "participants" TEXT NOT NULL,
    "outcomes" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "HubMeetingClient" (
    "meetingId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    PRIMARY KEY ("meetingId", "clientId"),
    CONSTRAINT "HubMeetingClient_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "HubMeeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmergencyAccessGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "hubOrganizationId" TEXT NOT NULL,
    "reasonCategory" TEXT NOT NULL,
    "reasonText" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "endedById" TEXT,
    "reviewOutcome" TEXT NOT NULL DEFAULT '',
    "reviewNote" TEXT NOT NULL DEFAULT '',
    "reviewedById" TEXT,
    "reviewedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "HubRegistration_clientId_status_idx" ON "HubRegistration"("clientId", "status");

-- CreateIndex
CREATE INDEX "HubRegistration_hubOrganizationId_status_idx" ON "HubRegistration"("hubOrganizationId", "status");

-- CreateIndex
CREATE INDEX "HubArrangement_registrationId_idx" ON "HubArrangement"("registrationId");

-- CreateIndex
CREATE INDEX "HubTrialStay_registrationId_idx" ON "HubTrialStay"("registrationId");

-- CreateIndex
CREATE INDEX "EmergencyResponse_clientId_occurredAt_idx" ON "EmergencyResponse"("clientId", "occurredAt");

-- CreateIndex
CREATE INDEX "EmergencyResponse_hubOrganizationId_occurredAt_idx" ON "EmergencyResponse"("hubOrganizationId", "occurredAt");

-- CreateIndex
CREATE INDEX "EmergencyService_responseId_idx" ON "EmergencyService"("responseId");

-- CreateIndex
CREATE INDEX "HubMeeting_hubOrganizationId_date_idx" ON "HubMeeting"("hubOrganizationId", "date");

-- CreateIndex
CREATE INDEX "EmergencyAccessGrant_clientId_endedAt_idx" ON "EmergencyAccessGrant"("clientId", "endedAt");

-- CreateIndex
CREATE INDEX "EmergencyAccessGrant_userId_endedAt_idx" ON "EmergencyAccessGrant"("userId", "endedAt");

-- CreateIndex
CREATE INDEX "EmergencyAccessGrant_reviewOutcome_createdAt_idx" ON "EmergencyAccessGrant"("reviewOutcome", "createdAt");


-- Existing registrations are kept: every client whose old yes/no flag (Client.hubRegistered) is
-- set becomes an active registration. The hub and its coordinator come from the client's
-- hub_coordinator team row when there is one, else the hub of the client's municipality (same
-- city); the date and consent from that team row. `migrated` marks them so the UI asks for the
-- details the flag never held (reasons, consent, prior arrangements).
INSERT INTO "HubRegistration" (
    "id", "clientId", "hubOrganizationId", "coordinatorId", "registeredOn", "consentBy", "consentMethod", "consentOn",
    "specialistId", "status", "migrated", "createdAt", "updatedAt"
)
SELECT
    'hreg-migrated-' || c."id",
    c."id",
    COALESCE(
        (SELECT t."organizationId" FROM "CareTeamMember" t WHERE t."clientId" = c."id" AND t."role" = 'hub_coordinator' AND t."organizationId" IS NOT NULL ORDER BY t."endsOn" IS NOT NULL, t."startsOn" DESC LIMIT 1),
        (SELECT h."id" FROM "Organization" h JOIN "Organization" m ON m."id" = c."municipalityId" WHERE h."kind" = 'hub' AND h."city" = m."city" ORDER BY h."id" LIMIT 1)
    ),
    (SELECT t."userId" FROM "CareTeamMember" t WHERE t."clientId" = c."id" AND t."role" = 'hub_coordinator' AND t."userId" IS NOT NULL ORDER BY t."endsOn" IS NOT NULL, t."startsOn" DESC LIMIT 1),
    COALESCE(
        (SELECT COALESCE(NULLIF(t."consentOn", ''), t."startsOn") FROM "CareTeamMember" t WHERE t."clientId" = c."id" AND t."role" = 'hub_coordinator' ORDER BY t."endsOn" IS NOT NULL, t."startsOn" DESC LIMIT 1),
        strftime('%Y-%m-%d', c."updatedAt", '+9 hours')
    ),
    '',
    CASE WHEN EXISTS (SELECT 1 FROM "CareTeamMember" t WHERE t."clientId" = c."id" AND t."role" = 'hub_coordinator' AND t."consentBasis" = 'written_consent') THEN 'written' ELSE '' END,
    COALESCE((SELECT t."consentOn" FROM "CareTeamMember" t WHERE t."clientId" = c."id" AND t."role" = 'hub_coordinator' ORDER BY t."endsOn" IS NOT NULL, t."startsOn" DESC LIMIT 1), ''),
    (SELECT t."userId" FROM "CareTeamMember" t WHERE t."clientId" = c."id" AND t."role" = 'specialist' AND t."endsOn" IS NULL AND t."userId" IS NOT NULL ORDER BY t."startsOn" DESC LIMIT 1),
    CASE WHEN c."closedAt" IS NULL THEN 'active' ELSE 'ended' END,
    true,
    CURRENT_TIMESTAMP,
    CURRENT_TIMESTAMP
FROM "Client" c
WHERE c."hubRegistered" = true;
