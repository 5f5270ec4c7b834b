//! Load + validate + index time of the embedded catalogue, and of a generated
//! catalogue of 10,000 procedures with 34 province overlays.
//!
//! Baseline in the same run: parsing the same generated TOML with the `toml`
//! crate into an untyped value (no checks, no index), so the figure for tthc
//! reads as a ratio to bare parsing.

use criterion::{criterion_group, criterion_main, Criterion};
use tthc::Catalog;

/// Generated, made-up catalogue files: (relative path, text).
fn generated(procedures: usize, provinces: usize) -> Vec<(String, String)> {
    let mut files = Vec::new();
    files.push((
        "documents.toml".to_string(),
        "[[document]]\nid = \"SAMPLE-1/2020/NĐ-CP\"\nkind = \"decree\"\nsource = \"bench: made up\"\n".to_string(),
    ));
    files.push((
        "sectors.toml".to_string(),
        (0..20)
            .map(|s| format!("[[sector]]\nid = \"sample-sector-{s}\"\nname = \"Lĩnh vực mẫu {s}\"\nlegal_basis = [\"SAMPLE-1/2020/NĐ-CP\"]\n\n"))
            .collect(),
    ));
    files.push((
        "provinces.toml".to_string(),
        (0..provinces)
            .map(|p| format!("[[province]]\nid = \"sample-p{p}\"\nname = \"Tỉnh mẫu {p}\"\nkind = \"province\"\nlegal_basis = [\"SAMPLE-1/2020/NĐ-CP\"]\n\n"))
            .collect(),
    ));
    let proc_text = |i: usize, name: &str| {
        format!(
            "[[procedure]]\nid = \"sample.p{i}\"\ncode = \"1.{:06}\"\nname = \"{name} số {i} về đăng ký hộ tịch\"\nsector = \"sample-sector-{}\"\nlevels = [\"commune\"]\nlegal_basis = [\"SAMPLE-1/2020/NĐ-CP\"]\n\n[[procedure.processing]]\namount = {}\nunit = \"working-days\"\nlegal_basis = [\"SAMPLE-1/2020/NĐ-CP\"]\n\n[[procedure.fee]]\nitem = \"le-phi\"\nname = \"Lệ phí\"\namount = {}\nvalid_from = 2023-02-05\nlegal_basis = [\"SAMPLE-1/2020/NĐ-CP\"]\n\n",
            i,
            i % 20,
            1 + i % 30,
            (i % 10) * 5000
        )
    };
    for chunk in 0..(procedures / 500) {
        let text: String = (chunk * 500..(chunk + 1) * 500)
            .map(|i| proc_text(i, "Thủ tục mẫu"))
            .collect();
        files.push((format!("procedures/part-{chunk:03}.toml"), text));
    }
    // Each province overrides 20 national procedures.
    for p in 0..provinces {
        let text: String = (0..20)
            .map(|k| proc_text(p * 20 + k, "Thủ tục tỉnh"))
            .collect();
        files.push((format!("overlays/sample-p{p}/procedures/local.toml"), text));
    }
    files
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalog_load");
    g.sample_size(20);
    g.bench_function("embedded", |b| {
        b.iter(|| {
            Catalog::from_sources(
                EMBEDDED_FILES.iter().map(|(r, t)| (r.as_str(), t.as_str())),
                None,
            )
        })
    });
    let files = generated(10_000, 34);
    g.bench_function("generated_10k_procedures_34_overlays", |b| {
        b.iter(|| {
            let c =
                Catalog::from_sources(files.iter().map(|(r, t)| (r.as_str(), t.as_str())), None);
            assert!(c.is_ok());
            c
        })
    });
    g.bench_function("baseline_toml_parse_only_generated", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|(_, t)| t.parse::<toml::Table>().map(|t| t.len()).unwrap_or(0))
                .sum::<usize>()
        })
    });
    g.finish();
}

/// The embedded catalogue's files read from the source tree, so the bench
/// measures the full load (the library's own copy is parsed once and cached).
static EMBEDDED_FILES: once_cell::sync::Lazy<Vec<(String, String)>> =
    once_cell::sync::Lazy::new(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../catalog");
        let mut out = Vec::new();
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "toml") {
                    let rel = p
                        .strip_prefix(&root)
                        .map(|r| r.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
                }
            }
        }
        out
    });

criterion_group!(benches, bench);
criterion_main!(benches);
