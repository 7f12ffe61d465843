#!/usr/bin/env bash
# The install step of the GitHub Action (action.yml): eventlint from PyPI,
# the wheel holding the native binary, in a virtual environment of its own
# (a system Python may refuse `pip install`, PEP 668), put on PATH for the
# steps after it.
#
# INPUT_VERSION: a release (0.1.0 or v0.1.0) or `latest`.
set -euo pipefail
version="${INPUT_VERSION:-latest}"
spec="eventlint"
if [[ "$version" != "latest" ]]; then
  spec="eventlint==${version#v}"
fi
python=""
for candidate in python3 python; do
  if "$candidate" -c 'import ensurepip, venv' 2>/dev/null; then
    python="$candidate"
    break
  fi
done
if [[ -z "$python" ]]; then
  echo "::error::eventlint needs Python 3 with venv to install (actions/setup-python)"
  exit 2
fi
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/eventlint-venv"
"$python" -m venv "$venv"
bin="$venv/bin"
[[ -d "$venv/Scripts" ]] && bin="$venv/Scripts"
"$bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
echo "$bin" >> "$GITHUB_PATH"
"$bin/eventlint" --version
