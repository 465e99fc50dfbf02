#!/usr/bin/env bash
# Uploads a checked bundle (release/check-bundle.py) to the Maven Central Portal, where it waits, validated, to be
# published by hand (publishingType=USER_MANAGED). The token is a Central Portal user token from the environment:
#   MAVEN_CENTRAL_USERNAME=... MAVEN_CENTRAL_PASSWORD=... release/upload.sh target/central-bundle.zip
# Not run by CI: CI's dry run stops at the bundle.
set -euo pipefail
bundle=${1:?usage: release/upload.sh BUNDLE_ZIP}
: "${MAVEN_CENTRAL_USERNAME:?set MAVEN_CENTRAL_USERNAME (a Central Portal user token name)}"
: "${MAVEN_CENTRAL_PASSWORD:?set MAVEN_CENTRAL_PASSWORD (the token's password)}"
token=$(printf '%s:%s' "$MAVEN_CENTRAL_USERNAME" "$MAVEN_CENTRAL_PASSWORD" | base64 -w0)
curl --fail-with-body -sS -X POST "https://central.sonatype.com/api/v1/publisher/upload?publishingType=USER_MANAGED" \
  -H "Authorization: Bearer $token" -F "bundle=@$bundle"
echo
