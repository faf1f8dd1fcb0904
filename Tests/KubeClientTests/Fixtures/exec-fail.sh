#!/bin/sh
# An exec credential plugin that fails, as one does when its login has expired.
echo "exec-fail.sh: not logged in (expected by the test)" >&2
exit 3
