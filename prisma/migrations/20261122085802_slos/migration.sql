-- CreateTable
CREATE TABLE "slos" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "spec" JSONB NOT NULL,
    "ruleGroupId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "slos_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slo_buckets" (
    "sloId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "sloVersion" INTEGER NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "errors" DOUBLE PRECISION NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "slo_buckets_pkey" PRIMARY KEY ("sloId","clusterId","sloVersion","start")
);

-- CreateTable
CREATE TABLE "slo_statuses" (
    "sloId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,
    "status" JSONB,
    "error" TEXT,

    CONSTRAINT "slo_statuses_pkey" PRIMARY KEY ("sloId","clusterId")
);

-- CreateIndex
CREATE UNIQUE INDEX "slos_name_key" ON "slos"("name");

-- CreateIndex
CREATE UNIQUE INDEX "slos_ruleGroupId_key" ON "slos"("ruleGroupId");

-- AddForeignKey
ALTER TABLE "slos" ADD CONSTRAINT "slos_ruleGroupId_fkey" FOREIGN KEY ("ruleGroupId") REFERENCES "rule_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slo_buckets" ADD CONSTRAINT "slo_buckets_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "slos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slo_buckets" ADD CONSTRAINT "slo_buckets_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slo_statuses" ADD CONSTRAINT "slo_statuses_sloId_fkey" FOREIGN KEY ("sloId") REFERENCES "slos"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slo_statuses" ADD CONSTRAINT "slo_statuses_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
