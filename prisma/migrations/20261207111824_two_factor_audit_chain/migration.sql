-- CreateTable
CREATE TABLE "TwoFactor" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "secret" TEXT NOT NULL,
    "pendingSecret" TEXT NOT NULL DEFAULT '',
    "enabledAt" DATETIME,
    "lastUsedCounter" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "TwoFactor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- New columns only: ADD COLUMN keeps the existing tables (and their triggers) as they are.
ALTER TABLE "Session" ADD COLUMN "stage" TEXT NOT NULL DEFAULT 'full';
ALTER TABLE "Organization" ADD COLUMN "requireStaffTwoFactor" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "AuditLog" ADD COLUMN "prevHash" TEXT NOT NULL DEFAULT '';
ALTER TABLE "AuditLog" ADD COLUMN "hash" TEXT NOT NULL DEFAULT '';

-- The audit log stays append-only. The one UPDATE allowed is the sealer's: it fills the chain
-- columns of a row that has none yet and changes nothing else.
DROP TRIGGER "AuditLog_no_update";
CREATE TRIGGER "AuditLog_no_update" BEFORE UPDATE ON "AuditLog"
WHEN NOT (
    OLD."hash" = '' AND NEW."hash" <> '' AND NEW."prevHash" <> ''
    AND NEW."id" = OLD."id" AND NEW."at" IS OLD."at" AND NEW."userId" IS OLD."userId"
    AND NEW."clientId" IS OLD."clientId" AND NEW."action" IS OLD."action" AND NEW."outcome" IS OLD."outcome"
    AND NEW."target" IS OLD."target" AND NEW."ipAddress" IS OLD."ipAddress" AND NEW."detail" IS OLD."detail"
)
BEGIN
    SELECT RAISE(ABORT, 'AuditLog is append-only');
END;

-- The sealer looks for the oldest unsealed rows.
CREATE INDEX "AuditLog_unsealed_idx" ON "AuditLog"("id") WHERE "hash" = '';

-- CreateIndex
CREATE INDEX "TwoFactor_enabledAt_idx" ON "TwoFactor"("enabledAt");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "RecoveryCode_userId_codeHash_key" ON "RecoveryCode"("userId", "codeHash");

