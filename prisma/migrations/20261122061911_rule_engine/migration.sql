-- CreateTable
CREATE TABLE "rule_groups" (
    "id" UUID NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "description" TEXT,
    "intervalMs" INTEGER NOT NULL,
    "intervalText" VARCHAR(32) NOT NULL,
    "scope" JSONB NOT NULL DEFAULT '{"type":"all"}',
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rule_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "alert" VARCHAR(200) NOT NULL,
    "spec" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_instances" (
    "id" UUID NOT NULL,
    "ruleId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "fingerprint" VARCHAR(16) NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "state" VARCHAR(16) NOT NULL,
    "activeAt" TIMESTAMPTZ(3) NOT NULL,
    "firedAt" TIMESTAMPTZ(3),
    "keepFiringSince" TIMESTAMPTZ(3),
    "value" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_transitions" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ruleId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "alertname" VARCHAR(200) NOT NULL,
    "fingerprint" VARCHAR(16) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "value" DOUBLE PRECISION NOT NULL,
    "activeAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "alert_transitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_events" (
    "id" BIGSERIAL NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "ruleId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "fingerprint" VARCHAR(16) NOT NULL,
    "labels" JSONB NOT NULL,
    "annotations" JSONB NOT NULL DEFAULT '{}',
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "activeAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3),
    "value" DOUBLE PRECISION NOT NULL,
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "alert_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rule_groups_name_key" ON "rule_groups"("name");

-- CreateIndex
CREATE INDEX "alert_rules_groupId_position_idx" ON "alert_rules"("groupId", "position");

-- CreateIndex
CREATE INDEX "alert_instances_state_idx" ON "alert_instances"("state");

-- CreateIndex
CREATE UNIQUE INDEX "alert_instances_ruleId_clusterId_fingerprint_key" ON "alert_instances"("ruleId", "clusterId", "fingerprint");

-- CreateIndex
CREATE INDEX "alert_transitions_at_idx" ON "alert_transitions"("at");

-- CreateIndex
CREATE INDEX "alert_transitions_fingerprint_at_idx" ON "alert_transitions"("fingerprint", "at");

-- CreateIndex
CREATE INDEX "alert_transitions_clusterId_at_idx" ON "alert_transitions"("clusterId", "at");

-- CreateIndex
CREATE INDEX "alert_events_processedAt_id_idx" ON "alert_events"("processedAt", "id");

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "rule_groups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_instances" ADD CONSTRAINT "alert_instances_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_instances" ADD CONSTRAINT "alert_instances_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;
