-- CreateTable
CREATE TABLE "DocumentVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "state" BLOB NOT NULL,
    "rendered" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "DocumentVersion_clientId_createdAt_idx" ON "DocumentVersion"("clientId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentVersion_documentId_number_key" ON "DocumentVersion"("documentId", "number");


-- A frozen version is evidence (what the person consented to): never changed, never removed.
CREATE TRIGGER "DocumentVersion_no_update" BEFORE UPDATE ON "DocumentVersion"
BEGIN
    SELECT RAISE(ABORT, 'DocumentVersion is immutable');
END;

CREATE TRIGGER "DocumentVersion_no_delete" BEFORE DELETE ON "DocumentVersion"
BEGIN
    SELECT RAISE(ABORT, 'DocumentVersion is immutable');
END;
