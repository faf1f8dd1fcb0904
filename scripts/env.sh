# shellcheck shell=sh
# Environment for building, running and testing the Event Mesh Operator against the local
# servers of scripts/servers.sh. Source it (bash, or POSIX sh from the Makefile); safe under
# `set -u` and safe to source more than once.
#
#   . scripts/env.sh
#
# The server addresses below are defaults: set one before sourcing to move a server (it must
# stay on 127.0.0.1; servers.sh reads the same variables to know where to start it).

# ---- the repository root -----------------------------------------------------------------
# bash tells us which file is being sourced; plain sh does not, so fall back to an existing
# EVENTMESH_ROOT, then the current directory, then the git top level.
_em_root=
if [ -n "${BASH_VERSION:-}" ]; then
    # eval: keeps the array syntax away from shells that cannot parse it.
    eval '_em_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)'
elif [ -n "${EVENTMESH_ROOT:-}" ] && [ -f "${EVENTMESH_ROOT}/scripts/env.sh" ]; then
    _em_root=$EVENTMESH_ROOT
elif [ -f scripts/env.sh ]; then
    _em_root=$(pwd -P)
else
    _em_root=$(git rev-parse --show-toplevel 2>/dev/null || true)
fi
if [ -z "$_em_root" ] || [ ! -f "$_em_root/scripts/env.sh" ]; then
    echo "scripts/env.sh: cannot find the repository root; source it from there" >&2
    unset _em_root
    # shellcheck disable=SC2317 # exit only when run instead of sourced
    return 1 2>/dev/null || exit 1
fi
EVENTMESH_ROOT=$_em_root
export EVENTMESH_ROOT
unset _em_root

# ---- search paths ------------------------------------------------------------------------

# The venv's tools (moto_server, python with the pinned client libraries) come first.
case ":${PATH:-}:" in
    *":$EVENTMESH_ROOT/.local/venv/bin:"*) ;;
    *) PATH="$EVENTMESH_ROOT/.local/venv/bin${PATH:+:$PATH}" ;;
esac
# The Swift toolchain of the project's machines; appended, so a toolchain already chosen on
# PATH keeps precedence.
if [ -d /opt/swift/usr/bin ]; then
    case ":$PATH:" in
        *":/opt/swift/usr/bin:"*) ;;
        *) PATH="$PATH:/opt/swift/usr/bin" ;;
    esac
fi
export PATH

# .local/lib holds librdkafka.so.1 -> the 2.16 runtime from the confluent-kafka wheel. It must
# come first so binaries linked against Debian's librdkafka (2.0.2, which cannot talk to
# tansu) load 2.16 instead.
case "${LD_LIBRARY_PATH:-}" in
    "$EVENTMESH_ROOT/.local/lib" | "$EVENTMESH_ROOT/.local/lib:"*) ;;
    *) LD_LIBRARY_PATH="$EVENTMESH_ROOT/.local/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;;
esac
export LD_LIBRARY_PATH

# ---- local servers -----------------------------------------------------------------------
# No trailing slash on the AMQP URL: with one, the vhost is "" and RabbitMQ refuses the login.
: "${EVENTMESH_KAFKA:=127.0.0.1:9092}"
: "${EVENTMESH_AMQP_URL:=amqp://guest:guest@127.0.0.1:5672}"
: "${EVENTMESH_RABBITMQ_MANAGEMENT:=http://127.0.0.1:15672}"
: "${EVENTMESH_RABBITMQ_USER:=guest}"
: "${EVENTMESH_RABBITMQ_PASSWORD:=guest}"
: "${EVENTMESH_PULSAR:=pulsar://127.0.0.1:6650}"
: "${EVENTMESH_DYNAMODB_ENDPOINT:=http://127.0.0.1:8000}"
# moto serves S3 on the same port; tansu keeps its data there.
: "${EVENTMESH_S3_ENDPOINT:=$EVENTMESH_DYNAMODB_ENDPOINT}"
export EVENTMESH_KAFKA EVENTMESH_AMQP_URL EVENTMESH_RABBITMQ_MANAGEMENT \
    EVENTMESH_RABBITMQ_USER EVENTMESH_RABBITMQ_PASSWORD EVENTMESH_PULSAR \
    EVENTMESH_DYNAMODB_ENDPOINT EVENTMESH_S3_ENDPOINT

# ---- AWS: test credentials only ----------------------------------------------------------
# Always overridden (not defaulted), so a developer's real credentials never reach a test.
# moto does not check signatures unless asked to (see ENVIRONMENT.md).
AWS_ACCESS_KEY_ID=testing
AWS_SECRET_ACCESS_KEY=testing
AWS_REGION=us-east-1
AWS_DEFAULT_REGION=us-east-1
# AWS SDKs that honour it (boto3, the AWS CLI) then talk to moto and never to AWS.
AWS_ENDPOINT_URL=$EVENTMESH_DYNAMODB_ENDPOINT
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION AWS_DEFAULT_REGION AWS_ENDPOINT_URL
unset AWS_SESSION_TOKEN AWS_PROFILE 2>/dev/null || true
