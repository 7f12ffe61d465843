#!/usr/bin/env node
// The `eventlint` command of the npm package: it runs the native binary of
// the platform package npm installed beside it (one optional dependency per
// platform, of which npm installs only the one matching `os`, `cpu` and
// `libc`). Plain Node, no dependencies.
//
// EVENTLINT_BINARY=/path/to/eventlint runs that binary instead.
"use strict";

const childProcess = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

/** The platform packages: `@eventlint/cli-<key>`, each with `bin/eventlint`. */
const PLATFORMS = {
  "linux-x64-gnu": { os: "linux", cpu: "x64", libc: "glibc", triple: "x86_64-unknown-linux-gnu" },
  "linux-arm64-gnu": { os: "linux", cpu: "arm64", libc: "glibc", triple: "aarch64-unknown-linux-gnu" },
  "linux-x64-musl": { os: "linux", cpu: "x64", libc: "musl", triple: "x86_64-unknown-linux-musl" },
  "linux-arm64-musl": { os: "linux", cpu: "arm64", libc: "musl", triple: "aarch64-unknown-linux-musl" },
  "darwin-x64": { os: "darwin", cpu: "x64", triple: "x86_64-apple-darwin" },
  "darwin-arm64": { os: "darwin", cpu: "arm64", triple: "aarch64-apple-darwin" },
  "win32-x64": { os: "win32", cpu: "x64", triple: "x86_64-pc-windows-msvc" },
};

const SCOPE = "@eventlint";

function packageName(key) {
  return `${SCOPE}/cli-${key}`;
}

function binaryName(key) {
  return PLATFORMS[key].os === "win32" ? "eventlint.exe" : "eventlint";
}

/** "glibc" or "musl" on Linux, as detect-libc and biome tell them apart. */
function linuxLibc() {
  try {
    const ldd = fs.readFileSync("/usr/bin/ldd", "latin1");
    if (ldd.includes("musl")) return "musl";
    if (ldd.includes("GNU C Library") || ldd.includes("glibc")) return "glibc";
  } catch (_) {
    // No ldd script: ask Node how it was linked.
  }
  try {
    if (process.report && typeof process.report.getReport === "function") {
      let report = process.report.getReport();
      if (typeof report === "string") report = JSON.parse(report);
      if (report.header && report.header.glibcVersionRuntime) return "glibc";
      const libs = Array.isArray(report.sharedObjects) ? report.sharedObjects : [];
      if (libs.some((f) => f.includes("libc.musl-") || f.includes("ld-musl-"))) return "musl";
    }
  } catch (_) {
    // Fall through to the common case.
  }
  return "glibc";
}

/**
 * The platform keys to try, best first. On glibc Linux the musl build is
 * the fallback: it is linked statically and runs there too.
 */
function hostPlatforms(platform, arch, libc) {
  if (platform === "linux") {
    const own = `linux-${arch}-${libc === "musl" ? "musl" : "gnu"}`;
    const musl = `linux-${arch}-musl`;
    return [own, musl].filter((k, i, all) => PLATFORMS[k] && all.indexOf(k) === i);
  }
  const key = `${platform}-${arch}`;
  return PLATFORMS[key] ? [key] : [];
}

function ownVersion() {
  try {
    return require("../package.json").version;
  } catch (_) {
    return "";
  }
}

function otherWays(lead) {
  return [
    `${lead} eventlint another way:`,
    "  pip install eventlint          (or: uvx eventlint, pipx run eventlint)",
    "  cargo install --locked --git https://github.com/eventlint/eventlint eventlint",
    "Or set EVENTLINT_BINARY to the path of an eventlint binary.",
  ].join("\n");
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The binary to run, or a message saying why there is none. */
function findBinary() {
  const override = process.env.EVENTLINT_BINARY;
  if (override) {
    if (!fs.existsSync(override)) {
      return { error: `eventlint: EVENTLINT_BINARY is set to ${override}, which does not exist.` };
    }
    return { binary: override };
  }
  const libc = process.platform === "linux" ? linuxLibc() : null;
  const keys = hostPlatforms(process.platform, process.arch, libc);
  const where = `${process.platform} ${process.arch}${libc ? `, ${libc}` : ""}`;
  if (keys.length === 0) {
    return { error: `eventlint: no prebuilt binary is published for ${where}.\n${otherWays("Install")}` };
  }
  for (const key of keys) {
    try {
      return { binary: require.resolve(`${packageName(key)}/bin/${binaryName(key)}`) };
    } catch (_) {
      // Not installed: try the next one.
    }
  }
  const version = ownVersion();
  const wanted = packageName(keys[0]);
  const pinned = version ? `${wanted}@${version}` : wanted;
  return {
    error: [
      `eventlint: the binary for this platform (${where}) is not installed.`,
      `It comes in the package ${wanted}, an optional dependency of eventlint${version ? `@${version}` : ""}.`,
      "npm leaves optional dependencies out under --omit=optional (or --no-optional), and a",
      "node_modules copied from another platform lacks it. Reinstall, or install it yourself:",
      `  npm install ${pinned}`,
      otherWays("Or install"),
    ].join("\n"),
  };
}

function run() {
  const found = findBinary();
  if (found.error) fail(found.error);
  const child = childProcess.spawn(found.binary, process.argv.slice(2), { stdio: "inherit" });
  // Signals sent to this process (a CI runner's cancel, `kill`) go on to the
  // binary; this process ends when it does, as it does.
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGBREAK"].filter(
    (s) => os.constants.signals[s] !== undefined,
  );
  const relay = (signal) => {
    try {
      child.kill(signal);
    } catch (_) {
      // Already gone.
    }
  };
  for (const s of forwarded) process.on(s, relay);
  child.on("error", (err) => fail(`eventlint: could not run ${found.binary}: ${err.message}`));
  child.on("exit", (code, signal) => {
    for (const s of forwarded) process.removeListener(s, relay);
    if (signal) {
      // Die of the same signal, so the caller sees what the binary saw.
      try {
        process.kill(process.pid, signal);
      } catch (_) {
        // Fall back to the shell's convention below.
      }
      setTimeout(() => process.exit(128 + (os.constants.signals[signal] || 0)), 1000);
      return;
    }
    process.exit(code === null ? 2 : code);
  });
}

module.exports = { PLATFORMS, SCOPE, packageName, binaryName, hostPlatforms, linuxLibc };

if (require.main === module) run();
