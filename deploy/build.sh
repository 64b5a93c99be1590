#!/usr/bin/env sh
# Builds Parley from a clone: the workspace installed from the lockfile, then the chat widget and the
# console built (the server serves them) and the server compiled to JavaScript (`pnpm build`). The image (deploy/Dockerfile) runs this script, and so does
# CI (.ci/run), so the image's build step is the tested one.
set -eu
cd "$(dirname "$0")/.."
npx --yes pnpm@10.34.8 install --frozen-lockfile
node --import tsx scripts/build.ts
