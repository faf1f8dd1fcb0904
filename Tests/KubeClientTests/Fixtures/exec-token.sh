#!/bin/sh
# An exec credential plugin (client.authentication.k8s.io/v1) for the tests.
# Each run appends a line to $RUN_LOG and prints the token "token-<run number>", or the content
# of $TOKEN_FILE when set; with $EXPIRES_FROM_YEAR set, run n's token expires on 1 January of
# year EXPIRES_FROM_YEAR + n - 1. With $SEEN_FILE set it records what it
# was given: KUBERNETES_EXEC_INFO, $PLUGIN_SETTING and its arguments, one per line.
set -eu
echo run >> "$RUN_LOG"
run=$(wc -l < "$RUN_LOG" | tr -d ' ')
token="token-$run"
if [ -n "${TOKEN_FILE:-}" ]; then token=$(cat "$TOKEN_FILE"); fi
if [ -n "${SEEN_FILE:-}" ]; then
    printf '%s\n%s\n%s\n' "$KUBERNETES_EXEC_INFO" "${PLUGIN_SETTING:-}" "$*" > "$SEEN_FILE"
fi
expiry=""
if [ -n "${EXPIRES_FROM_YEAR:-}" ]; then
    expiry=", \"expirationTimestamp\": \"$((EXPIRES_FROM_YEAR + run - 1))-01-01T00:00:00Z\""
fi
printf '{"apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential", "status": {"token": "%s"%s}}\n' \
    "$token" "$expiry"
