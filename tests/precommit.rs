//! The pre-commit hook (`.pre-commit-hooks.yaml`), run for real by
//! `pre-commit` in a temporary git repository: a commit that introduces a
//! violation is blocked, a clean commit passes.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs a command with a deadline; the hook's first run builds eventlint.
fn run(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("{cmd:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn git(dir: &Path, args: &[&str]) -> Output {
    run(
        Command::new("git").current_dir(dir).args(args),
        Duration::from_secs(60),
    )
}

const PUBLISHER: &str = r#"package orders

import "context"

const TopicOrderCreated = "order.created"

func (s *Service) Place(ctx context.Context, evt OrderCreated) {
	if err := s.client.PublishEvent(ctx, "pubsub", TopicOrderCreated, evt); err != nil {
		s.log.Error("publish", "err", err)
	}
}
"#;

const SUBSCRIBER: &str = r#"package billing

import (
	"context"

	"github.com/dapr/go-sdk/service/common"
)

func Register(s common.Service) error {
	return s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: "order.created", Route: "/orders"}, onOrder)
}

func onOrder(ctx context.Context, e *common.TopicEvent) (bool, error) { return false, nil }
"#;

#[test]
fn the_hook_blocks_a_violation_and_passes_a_clean_commit() {
    let Some(pre_commit) = common::tool(&["pre-commit"]) else {
        return;
    };
    let hook_repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rev = String::from_utf8(git(hook_repo, &["rev-parse", "HEAD"]).stdout).expect("utf-8");
    let rev = rev.trim();
    assert!(
        !rev.is_empty(),
        "the eventlint checkout must be a git repository"
    );

    let dir = common::repo(&[
        ("orders/go.mod", "module example.com/orders\n\ngo 1.22\n"),
        ("orders/place.go", PUBLISHER),
        ("billing/go.mod", "module example.com/billing\n\ngo 1.22\n"),
        ("billing/subscribe.go", SUBSCRIBER),
    ]);
    let root = dir.path();
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["config", "user.email", "dev@example.com"],
        &["config", "user.name", "Dev"],
        &["config", "commit.gpgsign", "false"],
        &["add", "."],
        &["commit", "-q", "-m", "start"],
    ] {
        let out = git(root, args);
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    std::fs::write(
        root.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: eventlint\n",
            hook_repo.display()
        ),
    )
    .expect("config");
    let tools = hook_repo.join("target/tools");
    let env = |cmd: &mut Command| {
        cmd.current_dir(root)
            .env("PRE_COMMIT_HOME", tools.join("pre-commit-home"))
            .env("CARGO_TARGET_DIR", tools.join("pre-commit-target"));
    };
    let mut install = Command::new(&pre_commit);
    install.args(["install"]);
    env(&mut install);
    let out = run(&mut install, Duration::from_secs(60));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A commit that publishes a topic nobody subscribes to is blocked.
    std::fs::write(
        root.join("orders/cancel.go"),
        "package orders\n\nimport \"context\"\n\nfunc (s *Service) Cancel(ctx context.Context, evt OrderCancelled) {\n\t_ = s.client.PublishEvent(ctx, \"pubsub\", \"order.cancelled\", evt)\n}\n",
    )
    .expect("write");
    git(root, &["add", "."]);
    let mut commit = Command::new("git");
    commit.args(["commit", "-m", "cancel orders"]);
    env(&mut commit);
    let out = run(&mut commit, Duration::from_secs(900));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !out.status.success(),
        "the commit should be blocked:\n{text}"
    );
    assert!(
        text.contains("EC001") && text.contains("order.cancelled"),
        "{text}"
    );

    // Take it back; a clean change (a second subscriber) commits.
    git(root, &["reset", "-q"]);
    std::fs::remove_file(root.join("orders/cancel.go")).expect("remove");
    std::fs::write(
        root.join("billing/audit.go"),
        SUBSCRIBER
            .replace("func Register(", "func RegisterAudit(")
            .replace("\"/orders\"}, onOrder)", "\"/audit\"}, onAudit)")
            .replace("func onOrder(", "func onAudit("),
    )
    .expect("write");
    git(root, &["add", "billing/audit.go"]);
    let mut commit = Command::new("git");
    commit.args(["commit", "-m", "audit orders"]);
    env(&mut commit);
    let out = run(&mut commit, Duration::from_secs(900));
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let log = String::from_utf8(git(root, &["log", "--oneline"]).stdout).expect("utf-8");
    assert!(
        log.contains("audit orders") && !log.contains("cancel orders"),
        "{log}"
    );
}
