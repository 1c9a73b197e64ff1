-- CreateTable
CREATE TABLE "cluster_snapshots" (
    "id" BIGSERIAL NOT NULL,
    "clusterId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "reason" TEXT,
    "metrics" JSONB,
    "inventory" JSONB,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "durationMs" INTEGER NOT NULL,

    CONSTRAINT "cluster_snapshots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "cluster_snapshots_clusterId_at_idx" ON "cluster_snapshots"("clusterId", "at" DESC);

-- CreateIndex
CREATE INDEX "cluster_snapshots_at_idx" ON "cluster_snapshots"("at");

-- AddForeignKey
ALTER TABLE "cluster_snapshots" ADD CONSTRAINT "cluster_snapshots_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
