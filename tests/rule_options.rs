//! The evidence lists of the heuristic rules extend from the configuration:
//! each option changes a finding, both ways.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{check_json, repo};

const OPERATION: &str = r#"package order

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

type Vault interface{ Seal(ctx context.Context, id string) error }

type Usecase struct {
	vault  Vault
	repo   Vault
	client dapr.Client
}

func (uc *Usecase) SealVault(ctx context.Context, id string) error {
	if err := uc.vault.Seal(ctx, id); err != nil {
		return err
	}
	return uc.client.PublishEvent(ctx, "pubsub", "vault.sealed", id)
}

func (uc *Usecase) SealRepo(ctx context.Context, id string) error {
	if err := uc.repo.Seal(ctx, id); err != nil {
		return err
	}
	return uc.client.PublishEvent(ctx, "pubsub", "repo.sealed", id)
}
"#;

/// The EC006 findings' topics under a configuration.
fn ec006_topics(config: &str) -> Vec<String> {
    let dir = repo(&[
        ("order/go.mod", "module example.com/order\n"),
        ("order/usecase.go", OPERATION),
        ("eventlint.yaml", config),
    ]);
    let (_, report, err) = check_json(dir.path().to_str().unwrap(), &["--select", "EC006"]);
    let mut topics: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{err}"))
        .iter()
        .map(|d| d["topic"].as_str().unwrap().to_string())
        .collect();
    topics.sort();
    topics
}

#[test]
fn ec006_evidence_extends_from_config() {
    // Built in: `repo` keeps state and `Seal` is no read; `vault` is unknown.
    assert_eq!(ec006_topics("rules: {}\n"), ["repo.sealed"]);
    assert_eq!(
        ec006_topics("rules:\n  publish-error-fails-operation: { extend_dependencies: [vault] }\n"),
        ["repo.sealed", "vault.sealed"]
    );
    // The shared vocabulary: `Seal` changes state, or only reads.
    assert_eq!(
        ec006_topics("state_changes: { extend: [Seal] }\n"),
        ["repo.sealed", "vault.sealed"]
    );
    assert!(ec006_topics("state_changes: { reads: [Seal] }\n").is_empty());
}

const HANDLER: &str = r#"package billing

import (
	"context"

	"github.com/dapr/go-sdk/service/common"
)

type Queue interface {
	Enqueue(ctx context.Context, b []byte) error
	ClaimOnce(ctx context.Context, id string) (bool, error)
}

type Handlers struct{ queue Queue }

func (h *Handlers) Register(s common.Service) error {
	return s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: "invoice.issued", Route: "/issued"}, h.onIssued)
}

func (h *Handlers) onIssued(ctx context.Context, e *common.TopicEvent) (bool, error) {
	if first, _ := h.queue.ClaimOnce(ctx, e.Subject); !first {
		return false, nil
	}
	return true, h.queue.Enqueue(ctx, e.RawData)
}
"#;

fn ec003_count(config: &str) -> usize {
    let dir = repo(&[
        ("billing/go.mod", "module example.com/billing\n"),
        ("billing/handlers.go", HANDLER),
        ("eventlint.yaml", config),
    ]);
    let (_, report, err) = check_json(dir.path().to_str().unwrap(), &["--select", "EC003"]);
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{err}"))
        .len()
}

#[test]
fn ec003_evidence_extends_from_config() {
    // `Enqueue` is no built-in state change.
    assert_eq!(ec003_count("rules: {}\n"), 0);
    // The vocabulary EC006 shares makes it one.
    assert_eq!(ec003_count("state_changes: { extend: [Enqueue] }\n"), 1);
    // `ClaimOnce` decides the early return once it is a guard.
    assert_eq!(
        ec003_count(
            "state_changes: { extend: [Enqueue] }\nrules:\n  non-idempotent-handler: { extend_guards: [ClaimOnce] }\n"
        ),
        0
    );
    // Replacing the guards drops the built-in ones.
    assert_eq!(
        ec003_count(
            "state_changes: { extend: [Enqueue] }\nrules:\n  non-idempotent-handler: { guards: [\"*Nothing*\"] }\n"
        ),
        1
    );
    // A verb named as a read is no change, even one that looks like a change.
    assert_eq!(
        ec003_count("state_changes: { extend: [Enqueue], reads: [Enqueue] }\n"),
        0
    );
}
