#!/usr/bin/env node
// Builds the npm packages of eventlint. The version is always Cargo.toml's,
// so the npm packages cannot drift from the binary they carry.
//
//   node npm/build.mjs platform --binary PATH --target TARGET --out DIR
//       Writes DIR/cli-<platform>/, the platform package holding PATH as its
//       binary, ready for `npm pack` or `npm publish`. TARGET is a Rust
//       target triple (x86_64-unknown-linux-musl) or a platform name
//       (linux-x64-musl). Prints the folder written.
//   node npm/build.mjs check
//       Fails unless npm/eventlint/package.json has Cargo.toml's version and
//       one optional dependency at that version on each platform package.
//   node npm/build.mjs platforms
//       Prints each platform name, its package and its target triple.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const require = createRequire(import.meta.url);
const launcher = require("./eventlint/bin/eventlint.js");
const { PLATFORMS, packageName, binaryName } = launcher;

function die(message) {
  process.stderr.write(`npm/build.mjs: ${message}\n`);
  process.exit(1);
}

/** `version` of Cargo.toml's [package] table. */
export function cargoVersion() {
  const text = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  let inPackage = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) inPackage = line === "[package]";
    const m = inPackage && line.match(/^version\s*=\s*"([^"]+)"/);
    if (m) return m[1];
  }
  return die("no version in the [package] table of Cargo.toml");
}

function platformKey(target) {
  if (PLATFORMS[target]) return target;
  const key = Object.keys(PLATFORMS).find((k) => PLATFORMS[k].triple === target);
  return key || die(`unknown target ${target}: one of ${Object.keys(PLATFORMS).join(", ")} or their triples`);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

function buildPlatform(binary, target, out) {
  const key = platformKey(target);
  const p = PLATFORMS[key];
  if (!fs.existsSync(binary)) die(`no binary at ${binary}`);
  const version = cargoVersion();
  const values = { key, version, os: p.os, cpu: p.cpu, libc: p.libc || "", triple: p.triple };
  const manifest = JSON.parse(fs.readFileSync(path.join(here, "platform/package.json"), "utf8"));
  for (const [field, value] of Object.entries(manifest)) {
    if (typeof value === "string") manifest[field] = fill(value, values).replace(/ +,/g, ",").trim();
    else if (Array.isArray(value)) manifest[field] = value.map((v) => fill(v, values));
  }
  // npm knows `libc` only on Linux.
  if (!p.libc) delete manifest.libc;
  if (manifest.name !== packageName(key)) die(`the template names ${manifest.name}, the launcher ${packageName(key)}`);
  const dir = path.join(out, `cli-${key}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
  const dest = path.join(dir, "bin", binaryName(key));
  fs.copyFileSync(binary, dest);
  fs.chmodSync(dest, 0o755);
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const readme = fill(fs.readFileSync(path.join(here, "platform/README.md"), "utf8"), values);
  fs.writeFileSync(path.join(dir, "README.md"), readme.replace(/ +\(/g, " ("));
  process.stdout.write(`${dir}\n`);
}

function check() {
  const version = cargoVersion();
  const main = JSON.parse(fs.readFileSync(path.join(here, "eventlint/package.json"), "utf8"));
  const problems = [];
  if (main.version !== version) problems.push(`npm/eventlint/package.json has version ${main.version}, Cargo.toml ${version}`);
  const deps = main.optionalDependencies || {};
  const wanted = Object.keys(PLATFORMS).map(packageName);
  for (const name of wanted) {
    if (deps[name] !== version) problems.push(`optional dependency ${name} is ${deps[name] || "missing"}, not ${version}`);
  }
  for (const name of Object.keys(deps)) {
    if (!wanted.includes(name)) problems.push(`optional dependency ${name} is no platform the launcher knows`);
  }
  if (main.bin?.eventlint !== "bin/eventlint.js") problems.push("bin.eventlint is not bin/eventlint.js");
  if (problems.length) die(problems.join("\n"));
  process.stdout.write(`npm packages at ${version}, ${wanted.length} platforms\n`);
}

function options(args) {
  const found = {};
  for (let i = 0; i < args.length; i += 2) {
    if (!args[i].startsWith("--") || args[i + 1] === undefined) die(`bad arguments: ${args.join(" ")}`);
    found[args[i].slice(2)] = args[i + 1];
  }
  return found;
}

const [command, ...rest] = process.argv.slice(2);
if (command === "platform") {
  const o = options(rest);
  if (!o.binary || !o.target || !o.out) die("platform needs --binary PATH --target TARGET --out DIR");
  buildPlatform(path.resolve(o.binary), o.target, path.resolve(o.out));
} else if (command === "check") {
  check();
} else if (command === "platforms") {
  for (const [key, p] of Object.entries(PLATFORMS)) process.stdout.write(`${key} ${packageName(key)} ${p.triple}\n`);
} else {
  die("usage: build.mjs platform --binary PATH --target TARGET --out DIR | check | platforms");
}
