//! Seed inputs of the fuzz targets: the files of `fuzz/data/DIR`, and the inputs that once
//! crashed a target, kept in `fuzz/regressions/TARGET` so that the corpus tests run them
//! for ever.

use std::path::{Path, PathBuf};

/// The `fuzz/` directory, from the fuzz crate or from the epct crate's tests.
fn fuzz_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if manifest.join("fuzz_targets").is_dir() {
        manifest.to_owned()
    } else {
        manifest.join("fuzz")
    }
}

/// Every file of `fuzz/data/data_dir`, then of `fuzz/regressions/target` (which may be
/// absent), sorted by name.
pub fn seeds(data_dir: &str, target: &str) -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    for dir in [
        fuzz_dir().join("data").join(data_dir),
        fuzz_dir().join("regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .map(|e| e.expect("a directory entry").path())
            .collect();
        paths.sort();
        files.extend(paths.iter().map(|p| std::fs::read(p).expect("a seed file")));
    }
    files
}
