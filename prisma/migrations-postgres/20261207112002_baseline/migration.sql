-- PostgreSQL baseline: the schema the SQLite migrations up to and including
-- 20261207112002_easy_view_invitations build, written by Prisma 6.19's `migrate diff --from-empty`
-- from prisma/schema.prisma (provider switched by scripts/db-schemas.ts), plus the hand-written
-- parts of those migrations in PostgreSQL's dialect (at the end). No PostgreSQL database existed
-- before, so their data migrations have nothing to carry over. Later migrations are pairs made by
-- `npm run db:new-migration` (same folder name under prisma/migrations/ and here).

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "displayNameKana" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "clientId" TEXT,
    "electronicConsentAt" TIMESTAMP(3),
    "disabledAt" TIMESTAMP(3),
    "passwordChangedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastActiveAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ipAddress" TEXT NOT NULL DEFAULT '',
    "userAgent" TEXT NOT NULL DEFAULT '',
    "stage" TEXT NOT NULL DEFAULT 'full',

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStartsAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "corporation" TEXT NOT NULL DEFAULT '',
    "city" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "fax" TEXT NOT NULL DEFAULT '',
    "targetPhysical" TEXT NOT NULL DEFAULT 'available',
    "targetIntellectual" TEXT NOT NULL DEFAULT 'available',
    "targetMental" TEXT NOT NULL DEFAULT 'available',
    "targetChild" TEXT NOT NULL DEFAULT 'available',
    "targetIntractable" TEXT NOT NULL DEFAULT 'available',
    "trainingMedicalCare" BOOLEAN NOT NULL DEFAULT false,
    "trainingBehavior" BOOLEAN NOT NULL DEFAULT false,
    "trainingMental" BOOLEAN NOT NULL DEFAULT false,
    "businessHours" TEXT NOT NULL DEFAULT '',
    "openDays" TEXT NOT NULL DEFAULT '',
    "vacancyStatus" TEXT NOT NULL DEFAULT 'unknown',
    "vacancyAsOf" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "requireStaffTwoFactor" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationService" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "capacity" INTEGER,

    CONSTRAINT "OrganizationService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationMembership" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT,

    CONSTRAINT "OrganizationMembership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Client" (
    "id" TEXT NOT NULL,
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
    "supportLevelFrom" TEXT NOT NULL DEFAULT '',
    "supportLevelUntil" TEXT NOT NULL DEFAULT '',
    "handbook" TEXT NOT NULL DEFAULT '',
    "postalCode" TEXT NOT NULL DEFAULT '',
    "address" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL DEFAULT '',
    "municipalityId" TEXT,
    "hubRegistered" BOOLEAN NOT NULL DEFAULT false,
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "closeReason" TEXT NOT NULL DEFAULT '',
    "closeEvaluation" TEXT NOT NULL DEFAULT '',
    "retainUntil" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "issuedBy" TEXT NOT NULL DEFAULT '',
    "issuedOn" TEXT NOT NULL DEFAULT '',
    "effectiveFrom" TEXT NOT NULL,
    "decisionStart" TEXT NOT NULL,
    "decisionEnd" TEXT NOT NULL,
    "supportLevel" TEXT NOT NULL DEFAULT '',
    "copayCap" INTEGER NOT NULL,
    "monitoringPeriod" TEXT NOT NULL,
    "monitoringMonths" TEXT NOT NULL DEFAULT '',
    "newUserMonthlyFrom" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateService" (
    "id" TEXT NOT NULL,
    "certificateId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CertificateService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CareTeamMember" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "userId" TEXT,
    "externalName" TEXT NOT NULL DEFAULT '',
    "organizationId" TEXT,
    "role" TEXT NOT NULL,
    "relationship" TEXT NOT NULL DEFAULT '',
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT,
    "consentBasis" TEXT NOT NULL,
    "consentOn" TEXT NOT NULL DEFAULT '',
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CareTeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "organizationId" TEXT,
    "createdById" TEXT,
    "frozenAt" TIMESTAMP(3),
    "frozenById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocUpdate" (
    "id" SERIAL NOT NULL,
    "documentId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocSnapshot" (
    "documentId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "throughUpdateId" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocSnapshot_pkey" PRIMARY KEY ("documentId")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "clientId" TEXT,
    "action" TEXT NOT NULL,
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "target" TEXT NOT NULL DEFAULT '',
    "ipAddress" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '',
    "prevHash" TEXT NOT NULL DEFAULT '',
    "hash" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanGoal" (
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "goalId" TEXT NOT NULL,
    "priority" INTEGER NOT NULL,
    "need" TEXT NOT NULL DEFAULT '',
    "goal" TEXT NOT NULL DEFAULT '',
    "dueText" TEXT NOT NULL DEFAULT '',
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "PlanGoal_pkey" PRIMARY KEY ("documentId","goalId")
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

    CONSTRAINT "SupportRow_pkey" PRIMARY KEY ("ispDocumentId","rowId")
);

-- CreateTable
CREATE TABLE "SupportRowLink" (
    "clientId" TEXT NOT NULL,
    "ispDocumentId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "rowId" TEXT NOT NULL,
    "rowSummary" TEXT NOT NULL DEFAULT '',
    "goalId" TEXT NOT NULL,

    CONSTRAINT "SupportRowLink_pkey" PRIMARY KEY ("ispDocumentId","rowId","goalId")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "anchorTarget" TEXT NOT NULL DEFAULT '',
    "anchorStart" TEXT NOT NULL DEFAULT '',
    "anchorEnd" TEXT NOT NULL DEFAULT '',
    "quote" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'open',
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "meetingFlag" BOOLEAN NOT NULL DEFAULT false,
    "meetingId" TEXT,
    "editedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "documentId" TEXT,
    "commentId" TEXT,
    "meetingId" TEXT,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "readAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL DEFAULT '',
    "originalDate" TEXT,
    "format" TEXT NOT NULL,
    "place" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "consentBy" TEXT NOT NULL DEFAULT '',
    "consentMethod" TEXT NOT NULL DEFAULT '',
    "consentOn" TEXT NOT NULL DEFAULT '',
    "consentNote" TEXT NOT NULL DEFAULT '',
    "selfAttendance" TEXT NOT NULL DEFAULT '',
    "selfAbsenceReason" TEXT NOT NULL DEFAULT '',
    "planDocumentId" TEXT,
    "minutesDocumentId" TEXT NOT NULL,
    "decisions" TEXT NOT NULL DEFAULT '',
    "cancelReason" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MeetingParticipant" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT,
    "name" TEXT NOT NULL,
    "organizationName" TEXT NOT NULL DEFAULT '',
    "roleLabel" TEXT NOT NULL DEFAULT '',
    "attendance" TEXT NOT NULL DEFAULT '',
    "absenceReason" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MeetingParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "rendered" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "frozenFacts" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanCycle" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "variant" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "planDocumentId" TEXT,
    "endedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PlanCycle_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanCycleEvent" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanCycleEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanConsent" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanConsent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanDelivery" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlanDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoringReport" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "cycleId" TEXT,
    "month" TEXT NOT NULL,
    "conductedOn" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "changeNeeded" BOOLEAN NOT NULL DEFAULT false,
    "planVersionId" TEXT,
    "extraordinaryReason" TEXT NOT NULL DEFAULT '',
    "completedById" TEXT,
    "completedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonitoringReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TwoFactor" (
    "userId" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "pendingSecret" TEXT NOT NULL DEFAULT '',
    "enabledAt" TIMESTAMP(3),
    "lastUsedCounter" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TwoFactor_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HubRegistration" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HubRegistration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HubArrangement" (
    "id" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "providerOrganizationId" TEXT,
    "providerName" TEXT NOT NULL,
    "conditions" TEXT NOT NULL DEFAULT '',
    "agreedOn" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "HubArrangement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HubTrialStay" (
    "id" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "providerName" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "HubTrialStay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmergencyResponse" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "hubOrganizationId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "callerName" TEXT NOT NULL,
    "callerRelation" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "situation" TEXT NOT NULL,
    "actionsTaken" TEXT NOT NULL,
    "contacted" TEXT NOT NULL DEFAULT '',
    "handoffNote" TEXT NOT NULL DEFAULT '',
    "recordedById" TEXT NOT NULL,
    "revisionCycleId" TEXT,
    "revisionStartedAt" TIMESTAMP(3),
    "revisionStartedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmergencyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmergencyService" (
    "id" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "serviceType" TEXT NOT NULL,
    "providerOrganizationId" TEXT,
    "providerName" TEXT NOT NULL,
    "fromDate" TEXT NOT NULL,
    "toDate" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "EmergencyService_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HubMeeting" (
    "id" TEXT NOT NULL,
    "hubOrganizationId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "participants" TEXT NOT NULL,
    "outcomes" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HubMeeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HubMeetingClient" (
    "meetingId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "HubMeetingClient_pkey" PRIMARY KEY ("meetingId","clientId")
);

-- CreateTable
CREATE TABLE "EmergencyAccessGrant" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "hubOrganizationId" TEXT NOT NULL,
    "reasonCategory" TEXT NOT NULL,
    "reasonText" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endedById" TEXT,
    "reviewOutcome" TEXT NOT NULL DEFAULT '',
    "reviewNote" TEXT NOT NULL DEFAULT '',
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),

    CONSTRAINT "EmergencyAccessGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "relationship" TEXT NOT NULL DEFAULT '',
    "consentBasis" TEXT NOT NULL,
    "consentOn" TEXT NOT NULL DEFAULT '',
    "codeHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),
    "usedByUserId" TEXT,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawnById" TEXT,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountPreference" (
    "userId" TEXT NOT NULL,
    "furigana" BOOLEAN NOT NULL DEFAULT true,
    "textSize" TEXT NOT NULL DEFAULT 'medium',
    "highContrast" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountPreference_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "EasyExplanation" (
    "id" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EasyExplanation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_clientId_idx" ON "User"("clientId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Organization_kind_idx" ON "Organization"("kind");

-- CreateIndex
CREATE UNIQUE INDEX "OrganizationService_organizationId_serviceType_key" ON "OrganizationService"("organizationId", "serviceType");

-- CreateIndex
CREATE INDEX "OrganizationMembership_userId_idx" ON "OrganizationMembership"("userId");

-- CreateIndex
CREATE INDEX "OrganizationMembership_organizationId_idx" ON "OrganizationMembership"("organizationId");

-- CreateIndex
CREATE INDEX "Certificate_clientId_effectiveFrom_idx" ON "Certificate"("clientId", "effectiveFrom");

-- CreateIndex
CREATE INDEX "CertificateService_certificateId_idx" ON "CertificateService"("certificateId");

-- CreateIndex
CREATE INDEX "CareTeamMember_clientId_idx" ON "CareTeamMember"("clientId");

-- CreateIndex
CREATE INDEX "CareTeamMember_userId_idx" ON "CareTeamMember"("userId");

-- CreateIndex
CREATE INDEX "Document_clientId_idx" ON "Document"("clientId");

-- CreateIndex
CREATE INDEX "DocUpdate_documentId_id_idx" ON "DocUpdate"("documentId", "id");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_userId_at_idx" ON "AuditLog"("userId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_clientId_at_idx" ON "AuditLog"("clientId", "at");

-- CreateIndex
CREATE INDEX "PlanGoal_clientId_idx" ON "PlanGoal"("clientId");

-- CreateIndex
CREATE INDEX "SupportRow_clientId_idx" ON "SupportRow"("clientId");

-- CreateIndex
CREATE INDEX "SupportRowLink_clientId_goalId_idx" ON "SupportRowLink"("clientId", "goalId");

-- CreateIndex
CREATE INDEX "Comment_documentId_createdAt_idx" ON "Comment"("documentId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_threadId_createdAt_idx" ON "Comment"("threadId", "createdAt");

-- CreateIndex
CREATE INDEX "Comment_clientId_meetingFlag_status_idx" ON "Comment"("clientId", "meetingFlag", "status");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_minutesDocumentId_key" ON "Meeting"("minutesDocumentId");

-- CreateIndex
CREATE INDEX "Meeting_clientId_date_idx" ON "Meeting"("clientId", "date");

-- CreateIndex
CREATE INDEX "MeetingParticipant_meetingId_idx" ON "MeetingParticipant"("meetingId");

-- CreateIndex
CREATE INDEX "DocumentVersion_clientId_createdAt_idx" ON "DocumentVersion"("clientId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_documentId_number_key" ON "DocumentVersion"("documentId", "number");

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

-- CreateIndex
CREATE INDEX "TwoFactor_enabledAt_idx" ON "TwoFactor"("enabledAt");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_userId_codeHash_key" ON "RecoveryCode"("userId", "codeHash");

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

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_codeHash_key" ON "Invitation"("codeHash");

-- CreateIndex
CREATE INDEX "Invitation_clientId_createdAt_idx" ON "Invitation"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "EasyExplanation_clientId_idx" ON "EasyExplanation"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "EasyExplanation_documentId_target_key" ON "EasyExplanation"("documentId", "target");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationService" ADD CONSTRAINT "OrganizationService_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationMembership" ADD CONSTRAINT "OrganizationMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationMembership" ADD CONSTRAINT "OrganizationMembership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateService" ADD CONSTRAINT "CertificateService_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareTeamMember" ADD CONSTRAINT "CareTeamMember_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareTeamMember" ADD CONSTRAINT "CareTeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CareTeamMember" ADD CONSTRAINT "CareTeamMember_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MeetingParticipant" ADD CONSTRAINT "MeetingParticipant_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanCycleEvent" ADD CONSTRAINT "PlanCycleEvent_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "PlanCycle"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TwoFactor" ADD CONSTRAINT "TwoFactor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HubArrangement" ADD CONSTRAINT "HubArrangement_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "HubRegistration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HubTrialStay" ADD CONSTRAINT "HubTrialStay_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "HubRegistration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmergencyService" ADD CONSTRAINT "EmergencyService_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "EmergencyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HubMeetingClient" ADD CONSTRAINT "HubMeetingClient_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "HubMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------
-- Hand-written: immutability. SQLite's triggers RAISE(ABORT, …); these raise the same messages.
-- PostgreSQL's row triggers do not see TRUNCATE, so each protected table refuses that too.

CREATE FUNCTION "kizuna_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

-- The audit log is append-only. The one UPDATE allowed is the sealer's: it fills the chain
-- columns of a row that has none yet and changes nothing else.
CREATE FUNCTION "AuditLog_guard_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD."hash" = '' AND NEW."hash" <> '' AND NEW."prevHash" <> ''
        AND NEW."id" = OLD."id" AND NEW."at" IS NOT DISTINCT FROM OLD."at" AND NEW."userId" IS NOT DISTINCT FROM OLD."userId"
        AND NEW."clientId" IS NOT DISTINCT FROM OLD."clientId" AND NEW."action" IS NOT DISTINCT FROM OLD."action"
        AND NEW."outcome" IS NOT DISTINCT FROM OLD."outcome" AND NEW."target" IS NOT DISTINCT FROM OLD."target"
        AND NEW."ipAddress" IS NOT DISTINCT FROM OLD."ipAddress" AND NEW."detail" IS NOT DISTINCT FROM OLD."detail"
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'AuditLog is append-only' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;

CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "AuditLog_guard_update"();
CREATE TRIGGER "AuditLog_no_delete" BEFORE DELETE ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('AuditLog is append-only');
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog" FOR EACH STATEMENT EXECUTE FUNCTION "kizuna_refuse_change"('AuditLog is append-only');

-- The sealer looks for the oldest unsealed rows.
CREATE INDEX "AuditLog_unsealed_idx" ON "AuditLog"("id") WHERE "hash" = '';

CREATE TRIGGER "DocumentVersion_no_update" BEFORE UPDATE ON "DocumentVersion" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('DocumentVersion is immutable');
CREATE TRIGGER "DocumentVersion_no_delete" BEFORE DELETE ON "DocumentVersion" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('DocumentVersion is immutable');
CREATE TRIGGER "DocumentVersion_no_truncate" BEFORE TRUNCATE ON "DocumentVersion" FOR EACH STATEMENT EXECUTE FUNCTION "kizuna_refuse_change"('DocumentVersion is immutable');

CREATE TRIGGER "PlanCycleEvent_no_update" BEFORE UPDATE ON "PlanCycleEvent" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('PlanCycleEvent is append-only');
CREATE TRIGGER "PlanCycleEvent_no_delete" BEFORE DELETE ON "PlanCycleEvent" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('PlanCycleEvent is append-only');
CREATE TRIGGER "PlanCycleEvent_no_truncate" BEFORE TRUNCATE ON "PlanCycleEvent" FOR EACH STATEMENT EXECUTE FUNCTION "kizuna_refuse_change"('PlanCycleEvent is append-only');

CREATE TRIGGER "PlanConsent_no_update" BEFORE UPDATE ON "PlanConsent" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('PlanConsent is append-only');
CREATE TRIGGER "PlanConsent_no_delete" BEFORE DELETE ON "PlanConsent" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('PlanConsent is append-only');
CREATE TRIGGER "PlanConsent_no_truncate" BEFORE TRUNCATE ON "PlanConsent" FOR EACH STATEMENT EXECUTE FUNCTION "kizuna_refuse_change"('PlanConsent is append-only');

CREATE TRIGGER "PlanDelivery_no_update" BEFORE UPDATE ON "PlanDelivery" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('PlanDelivery is append-only');
CREATE TRIGGER "PlanDelivery_no_delete" BEFORE DELETE ON "PlanDelivery" FOR EACH ROW EXECUTE FUNCTION "kizuna_refuse_change"('PlanDelivery is append-only');
CREATE TRIGGER "PlanDelivery_no_truncate" BEFORE TRUNCATE ON "PlanDelivery" FOR EACH STATEMENT EXECUTE FUNCTION "kizuna_refuse_change"('PlanDelivery is append-only');
