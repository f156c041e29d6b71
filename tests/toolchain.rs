//! The toolchain the package says it needs: `rust-version` in Cargo.toml is
//! at least the highest `rust-version` of the locked dependencies, and the
//! build profiles are as the README describes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests and benchmarks fail loudly by design"
)]

use std::process::Command;

/// A version such as `1.88` or `1.70.0` as numbers, for comparing.
fn version(text: &str) -> Vec<u64> {
    text.split('.').map(|part| part.parse().unwrap()).collect()
}

/// `rust-version` of the package itself, from Cargo.toml.
fn own_rust_version() -> String {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .find(|line| line.starts_with("rust-version"))
        .expect("Cargo.toml has a rust-version");
    line.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn versions_compare_as_numbers() {
    assert!(version("1.88") > version("1.85.1"));
    assert!(version("1.100") > version("1.99"));
    assert!(version("1.88") < version("1.88.1"));
}

/// Needs the registry's index (cargo metadata resolves every platform's
/// dependencies), so it runs in CI (`.ci/run`), not offline.
#[test]
#[ignore = "needs the registry: run by .ci/run with `cargo test --test toolchain -- --ignored`"]
fn rust_version_is_true_to_the_locked_dependencies() {
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let own = own_rust_version();
    let mut highest: Option<(Vec<u64>, String)> = None;
    for package in metadata["packages"].as_array().unwrap() {
        if package["name"] == "concordat" {
            assert_eq!(package["rust_version"], own.as_str());
            continue;
        }
        let Some(needed) = package["rust_version"].as_str() else {
            continue;
        };
        let needed_version = version(needed);
        if highest.as_ref().is_none_or(|(v, _)| needed_version > *v) {
            let name = format!("{} {} ({needed})", package["name"], package["version"]);
            highest = Some((needed_version, name));
        }
    }
    let (highest, which) = highest.unwrap();
    assert!(
        version(&own) >= highest,
        "rust-version in Cargo.toml is {own}, but the locked {which} needs more: raise it (and the README's \"or newer\")"
    );
}

#[test]
fn the_readme_names_the_rust_version() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let own = own_rust_version();
    assert!(
        readme.contains(&format!("{own} or newer")),
        "the README should say Rust {own} or newer"
    );
}

#[test]
fn profiles_release_for_contributors_and_dist_for_binaries() {
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let section = |name: &str| -> String {
        let start = manifest.find(&format!("[profile.{name}]")).unwrap();
        let rest = &manifest[start + 1..];
        let end = rest.find("\n[").map_or(rest.len(), |e| e + 1);
        rest[..end].to_owned()
    };
    let release = section("release");
    assert!(!release.contains("lto = \"fat\""), "{release}");
    assert!(!release.contains("codegen-units = 1\n"), "{release}");
    let dist = section("dist");
    assert!(dist.contains("inherits = \"release\""), "{dist}");
    assert!(dist.contains("lto = \"fat\""), "{dist}");
    assert!(dist.contains("codegen-units = 1\n"), "{dist}");
}
