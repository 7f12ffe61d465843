#!/usr/bin/env bash
# The check step of the GitHub Action (action.yml): runs `eventlint check`
# with the action's inputs and records its exit code as the step's output
# `exit-code` (and the report as `sarif-file`). Findings do not fail this
# step, so the SARIF upload after it still runs; the action's last step
# exits with the recorded code.
#
# INPUT_FORMAT             sarif (written to eventlint.sarif) or a format printed to the log
# INPUT_ARGS               extra arguments to `eventlint check`, split on whitespace
# INPUT_WORKING_DIRECTORY  where to run
# INPUT_AGAINST            a ref for `--against`; on pull requests, when empty,
#                          the base branch if this eventlint has `--against`
set -uo pipefail
format="${INPUT_FORMAT:-sarif}"
workdir="${INPUT_WORKING_DIRECTORY:-.}"
against="${INPUT_AGAINST:-}"
output="${GITHUB_OUTPUT:-/dev/null}"
read -r -a extra <<< "${INPUT_ARGS:-}"

if ! cd "$workdir"; then
  echo "::error::working-directory '$workdir' does not exist"
  exit 2
fi

args=(check --format "$format")
sarif=""
if [[ "$format" == "sarif" ]]; then
  # Relative to where the step started (the workspace), as upload-sarif
  # reads it.
  if [[ "$workdir" == "." ]]; then
    sarif="eventlint.sarif"
  else
    sarif="${workdir%/}/eventlint.sarif"
  fi
  rm -f eventlint.sarif
  args+=(--output eventlint.sarif)
fi

if [[ -z "$against" && -n "${GITHUB_BASE_REF:-}" ]]; then
  case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target)
      # Only an eventlint that has the gate gets it: harmless before then.
      if eventlint check --help 2>/dev/null | grep -q -- "--against"; then
        against="origin/$GITHUB_BASE_REF"
      fi
      ;;
  esac
fi
if [[ -n "$against" ]]; then
  args+=(--against "$against")
fi
args+=(${extra[@]+"${extra[@]}"})

echo "eventlint ${args[*]}" >&2
eventlint "${args[@]}"
code=$?

if [[ -n "$sarif" && -f eventlint.sarif ]]; then
  echo "sarif-file=$sarif" >> "$output"
fi
echo "exit-code=$code" >> "$output"
