//! The commented `eventlint.yaml` that `eventlint init` writes.

/// A fully commented `eventlint.yaml`, written by `eventlint init`: every
/// key with its default and what it does. As is, it is the default
/// configuration; removing the `#` in front of a setting keeps it valid.
pub const INIT_TEMPLATE: &str = concat!(
    "# yaml-language-server: $schema=",
    "https://raw.githubusercontent.com/eventlint/eventlint/v",
    env!("CARGO_PKG_VERSION"),
    "/eventlint.schema.json\n",
    r##"# eventlint.yaml: configuration of eventlint, the event-contract linter.
# Every key is optional. Each setting below shows its default value;
# remove the leading "#" of a setting (and of its parent key) to change it.

# Files to analyse: globs relative to the repository root.
#include: ["**/*.go", "**/*.yaml", "**/*.yml"]

# Files to skip, even when `include` matches them.
#exclude: ["**/vendor/**", "**/testdata/**"]

# Also scan Go test files (*_test.go).
#tests: false

# Glob of service directories, e.g. "services/*"; null: every directory holding a go.mod.
#services: null

# Files larger than this many bytes are skipped and reported (rule skipped-file).
#max_file_size: 10485760

# How publish, subscribe and outbox calls are recognised.
#extract:
#  # Keep the built-in call patterns (Dapr go-sdk, sidecar HTTP, *outbox*); false: only those below.
#  defaults: true
#  # Extra publish calls; argument positions count from 0, e.g. { call: "*.Publish", topic_arg: 1, payload_arg: 2 }
#  publish: []
#  # Extra subscribe calls, e.g. { call: "*.Subscribe", topic_arg: 1, handler_arg: 2 }
#  subscribe: []
#  # Extra outbox writes (they count as publishes), e.g. { call: "*.outbox.*", topic_arg: 1, payload_arg: 2 }
#  outbox: []
#  # Payload fields that carry a correlation ID (rule missing-correlation-id).
#  correlation_fields: [CorrelationID, CorrelationId, correlation_id]
#  # Payload fields that carry a schema version (rule unversioned-event).
#  version_fields: [Version, SchemaVersion, version]

# Topic globs that must be published through an outbox, e.g. ["payment.*", "order.paid"].
#critical_topics: []

# Topic globs produced or consumed outside this repository, e.g. ["audit.*"].
#external_topics: []

# Verbs of calls that change state, and of calls that only read, added to the
# built-in vocabulary (rules non-idempotent-handler and publish-error-fails-operation).
#state_changes:
#  # e.g. [Enqueue, Provision]: `q.EnqueueJob(...)` changes state.
#  extend: []
#  # e.g. [Peek]: `q.PeekNext(...)` only reads.
#  reads: []

# Level per rule, by name or code: error | warning | info | off, or a map with options,
# e.g. { unsubscribed-topic: warning, fat-payload: { level: info, max_fields: 20 } }
#rules: {}
"##
);
