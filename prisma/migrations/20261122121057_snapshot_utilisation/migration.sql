-- AlterTable
ALTER TABLE "cluster_snapshots" ADD COLUMN     "cpuUtilisation" DOUBLE PRECISION,
ADD COLUMN     "memoryUtilisation" DOUBLE PRECISION;

-- Backfill from the JSON the columns summarise (the same ratios saveSnapshot computes).
UPDATE "cluster_snapshots"
   SET "cpuUtilisation" = (metrics->'cpu'->>'usedCores')::float8 / NULLIF((metrics->'cpu'->>'allocatableCores')::float8, 0),
       "memoryUtilisation" = (metrics->'memory'->>'usedBytes')::float8 / NULLIF((metrics->'memory'->>'allocatableBytes')::float8, 0)
 WHERE jsonb_typeof(metrics) = 'object';
