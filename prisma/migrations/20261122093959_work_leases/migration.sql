-- CreateTable
CREATE TABLE "work_leases" (
    "kind" VARCHAR(32) NOT NULL,
    "key" VARCHAR(100) NOT NULL,
    "workerId" TEXT,
    "epoch" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "work_leases_pkey" PRIMARY KEY ("kind","key")
);

-- CreateIndex
CREATE INDEX "work_leases_kind_expiresAt_idx" ON "work_leases"("kind", "expiresAt");
