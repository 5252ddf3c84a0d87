-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "relationship" TEXT NOT NULL DEFAULT '',
    "consentBasis" TEXT NOT NULL,
    "consentOn" TEXT NOT NULL DEFAULT '',
    "codeHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME,
    "usedByUserId" TEXT,
    "withdrawnAt" DATETIME,
    "withdrawnById" TEXT
);

-- CreateTable
CREATE TABLE "AccountPreference" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "furigana" BOOLEAN NOT NULL DEFAULT true,
    "textSize" TEXT NOT NULL DEFAULT 'medium',
    "highContrast" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EasyExplanation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "updatedById" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_codeHash_key" ON "Invitation"("codeHash");

-- CreateIndex
CREATE INDEX "Invitation_clientId_createdAt_idx" ON "Invitation"("clientId", "createdAt");

-- CreateIndex
CREATE INDEX "EasyExplanation_clientId_idx" ON "EasyExplanation"("clientId");

-- CreateIndex
CREATE UNIQUE INDEX "EasyExplanation_documentId_target_key" ON "EasyExplanation"("documentId", "target");

