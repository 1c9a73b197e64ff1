-- AlterTable
ALTER TABLE "alert_events" ADD COLUMN     "acknowledgement" JSONB;

-- AlterTable
ALTER TABLE "alert_instances" ADD COLUMN     "ackAt" TIMESTAMPTZ(3),
ADD COLUMN     "ackBy" TEXT,
ADD COLUMN     "ackComment" TEXT;

-- CreateTable
CREATE TABLE "silences" (
    "id" UUID NOT NULL,
    "matchers" JSONB NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "comment" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "silences_endsAt_idx" ON "silences"("endsAt");
