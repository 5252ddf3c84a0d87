-- AlterTable
ALTER TABLE "Document" ADD COLUMN "frozenAt" DATETIME;
ALTER TABLE "Document" ADD COLUMN "frozenById" TEXT;

-- CreateTable
CREATE TABLE "Comment" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "resolvedAt" DATETIME,
    "meetingFlag" BOOLEAN NOT NULL DEFAULT false,
    "meetingId" TEXT,
    "editedAt" DATETIME,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "documentId" TEXT,
    "commentId" TEXT,
    "meetingId" TEXT,
    "excerpt" TEXT NOT NULL DEFAULT '',
    "readAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "startTime" TEXT NOT NULL,
    "endTime" TEXT NOT NULL DEFAULT '',
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
    "startedAt" DATETIME,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MeetingParticipant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT,
    "name" TEXT NOT NULL,
    "organizationName" TEXT NOT NULL DEFAULT '',
    "roleLabel" TEXT NOT NULL DEFAULT '',
    "attendance" TEXT NOT NULL DEFAULT '',
    "absenceReason" TEXT NOT NULL DEFAULT '',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "MeetingParticipant_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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

