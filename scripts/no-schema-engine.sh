#!/bin/sh
# Placeholder: `prisma generate` insists a schema engine exists but never runs it; migrations use the WASM engine.
echo "native schema engine not available offline; use npm run db:migrate" >&2
exit 1
