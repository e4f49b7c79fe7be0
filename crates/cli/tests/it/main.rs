//! End-to-end tests of the `rasid` binary: ingest idempotency and crash safety against a
//! real SQLite store and tantivy index in a temporary data directory.

use rasid_search::SearchIndex;
use rasid_store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn rasid() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasid"))
}

/// A JSONL file of `n` distinct synthetic articles (written by the test).
/// Runs a command that must succeed (its error output is the failure message).
fn succeed(cmd: &mut Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs a command that must fail, saying `needle` on its error output.
fn fail_saying(cmd: &mut Command, needle: &str) {
    let out = cmd.output().unwrap();
    assert!(!out.status.success(), "{needle}: it succeeded");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(needle), "{needle}: {err}");
}

/// `rasid status --json` of `data`.
fn status_json(data: &Path) -> serde_json::Value {
    let out = succeed(rasid().args(["status", "--json", "--data"]).arg(data));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A temporary directory holding `n` articles in `file` (see [`corpus`]) and the path of a
/// data directory in it (not made yet).
fn corpus_dir(file: &str, n: usize) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(file);
    corpus(&input, n);
    let data = dir.path().join("data");
    (dir, input, data)
}

fn corpus(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let words = [
        "العراق",
        "بغداد",
        "واشنطن",
        "التحالف",
        "الانسحاب",
        "الاتفاق",
        "الحكومة",
        "الوزير",
        "المسؤولين",
        "الفلسطينيين",
    ];
    for i in 0..n {
        let body: Vec<&str> = (0..60)
            .map(|k| words[(i * 7 + k * 3) % words.len()])
            .collect();
        writeln!(
            f,
            "{}",
            serde_json::json!({
                "id": format!("t-{i}"),
                "url": format!("https://example.com/news/{i}"),
                "source": if i % 2 == 0 { "alpha" } else { "beta" },
                "date": "2024-09-05 10:00:00",
                "title": format!("خبر رقم {i} عن {}", words[i % words.len()]),
                "body": format!("{}.\n{} {i}.", body.join(" "), words[(i + 3) % words.len()]),
            })
        )
        .unwrap();
    }
}

/// `rasid ingest --quiet --json --data DATA INPUTS…`, which must succeed; its summary.
fn ingest_json(data: &Path, inputs: &[&Path]) -> serde_json::Value {
    let out = succeed(
        rasid()
            .args(["ingest", "--quiet", "--json", "--data"])
            .arg(data)
            .args(inputs),
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Starts `rasid ingest INPUT` in the background and returns once the store holds more
/// than `articles` articles (or after `polls` × 10 ms).
fn spawn_ingest_until(
    data: &Path,
    input: &Path,
    articles: i64,
    polls: usize,
) -> std::process::Child {
    let child = rasid()
        .args(["ingest", "--quiet", "--data"])
        .arg(data)
        .arg(input)
        .spawn()
        .unwrap();
    let db = data.join("rasid.db");
    for _ in 0..polls {
        std::thread::sleep(std::time::Duration::from_millis(10));
        if db.exists()
            && Store::open(data)
                .map(|s| s.count_articles().unwrap_or(0))
                .unwrap_or(0)
                > articles
        {
            break;
        }
    }
    child
}

fn check_consistent(data: &Path) -> i64 {
    let store = Store::open(data).unwrap();
    let index = SearchIndex::open(data).unwrap();
    let n = store.count_articles().unwrap();
    assert_eq!(
        index.num_docs() as i64,
        n,
        "index and store disagree on the count"
    );
    let mut after = 0;
    loop {
        let batch = store.articles_after(after, 1000).unwrap();
        if batch.is_empty() {
            break;
        }
        for a in &batch {
            assert!(
                index.contains_id(a.id).unwrap(),
                "stored article {} is not searchable",
                a.id
            );
        }
        after = batch.last().unwrap().id;
    }
    n
}

#[test]
fn ingesting_twice_changes_nothing() {
    let (_dir, input, data) = corpus_dir("in.jsonl", 500);
    for round in 0..2 {
        let s = ingest_json(&data, &[&input]);
        assert_eq!(s["read"], 500);
        assert_eq!(s["stored"], if round == 0 { 500 } else { 0 });
        assert_eq!(s["duplicates"], if round == 0 { 0 } else { 500 });
    }
    assert_eq!(check_consistent(&data), 500);
}

#[test]
fn bad_lines_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    corpus(&input, 10);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&input)
        .unwrap();
    writeln!(f, "{{not json").unwrap();
    writeln!(f, "{{\"id\": \"x\", \"title\": \"بلا نص\"}}").unwrap();
    let out = rasid()
        .args(["ingest", "--quiet", "--data"])
        .arg(dir.path().join("data"))
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a rejection makes the exit status non-zero"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("in.jsonl:11") && err.contains("invalid JSON"),
        "{err}"
    );
    assert!(err.contains("in.jsonl:12"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("stored 10"));
}

#[test]
fn a_killed_ingest_resumes_with_every_article_once() {
    let (_dir, input, data) = corpus_dir("big.jsonl", 60_000);
    // Kill it mid-way: once the store has some articles, before it can have finished.
    let mut child = spawn_ingest_until(&data, &input, 2000, 400);
    child.kill().unwrap(); // SIGKILL
    let _ = child.wait();
    succeed(
        rasid()
            .args(["ingest", "--quiet", "--data"])
            .arg(&data)
            .arg(&input),
    );
    assert_eq!(check_consistent(&data), 60_000);
}

#[test]
fn a_second_writer_is_refused_and_the_first_loses_nothing() {
    let (dir, input, data) = corpus_dir("big.jsonl", 30_000);
    let mut first = spawn_ingest_until(&data, &input, 0, 1000);
    let small = dir.path().join("small.jsonl");
    corpus(&small, 10);
    let second = rasid()
        .args(["ingest", "--quiet", "--data"])
        .arg(&data)
        .arg(&small)
        .output()
        .unwrap();
    let first_ok = first.wait().unwrap().success();
    assert!(first_ok);
    assert!(!second.status.success(), "a second writer must be refused");
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("another rasid process"), "{err}");
    assert_eq!(check_consistent(&data), 30_000);
}

#[test]
fn search_and_article_commands() {
    let (dir, input, data) = corpus_dir("in.jsonl", 50);
    assert!(rasid()
        .args(["ingest", "--quiet", "--data"])
        .arg(&data)
        .arg(&input)
        .status()
        .unwrap()
        .success());
    let out = succeed(
        rasid()
            .args(["search", "--json", "--data"])
            .arg(&data)
            .arg("فلسطين"),
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        r["total"].as_u64().unwrap() > 0,
        "المسؤولين/الفلسطينيين forms must match فلسطين"
    );
    let st = status_json(&data);
    assert_eq!(st["articles"], 50, "{st}");
    assert_eq!(st["outlets"], 2, "{st}");
    assert_eq!(st["searchable"], 50, "{st}");
    assert_eq!(st["not_searchable"], 0, "{st}");
    assert_eq!(st["unlinked"], 0, "{st}");
    assert_eq!(st["feeds"]["followed"], 0, "{st}");
    let out = succeed(rasid().args(["status", "--data"]).arg(&data));
    assert!(String::from_utf8_lossy(&out.stdout).contains("50 from 2 outlets"));
    let first = &r["results"][0];
    assert!(first["snippet"].as_str().unwrap().contains("<b>"));
    assert!(r.get("facets").is_none());
    let out = rasid()
        .args(["search", "--json", "--facets", "--data"])
        .arg(&data)
        .arg("العراق")
        .output()
        .unwrap();
    let f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources = f["facets"]["source"].as_array().unwrap();
    let counted: u64 = sources.iter().map(|v| v["count"].as_u64().unwrap()).sum();
    assert_eq!(counted, f["total"].as_u64().unwrap(), "{f}");
    let id = first["id"].as_i64().unwrap();
    let out = rasid()
        .args(["article", "--json", "--data"])
        .arg(&data)
        .arg(id.to_string())
        .output()
        .unwrap();
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(a["id"], id);
    // rasid's key phrases are stored with the article and are tags search filters on.
    let phrases = a["key_phrases"].as_array().unwrap();
    assert!(!phrases.is_empty(), "{a}");
    let tag = phrases[0].as_str().unwrap();
    let out = rasid()
        .args(["search", "--json", "--facets", "--tag", tag, "--data"])
        .arg(&data)
        .arg(tag)
        .output()
        .unwrap();
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<i64> = t["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&id), "{tag}: {t}");
    assert!(
        t["facets"]["tag"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["value"] == tag),
        "{t}"
    );
    // An outlet in another letter case is the outlet; one the archive lacks is named so,
    // with the outlets it has.
    let out = succeed(
        rasid()
            .args(["search", "--json", "--source", "ALPHA", "--data"])
            .arg(&data)
            .arg("العراق"),
    );
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outlets: Vec<&str> = a["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert!(
        !outlets.is_empty() && outlets.iter().all(|o| *o == "alpha"),
        "{a}"
    );
    fail_saying(
        rasid()
            .args(["search", "--source", "gamma", "--data"])
            .arg(&data)
            .arg("العراق"),
        "its outlets: alpha, beta",
    );
    // Every outlet with its record.
    let out = succeed(rasid().args(["outlets", "--json", "--data"]).arg(&data));
    let o: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed: Vec<(&str, i64)> = o
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["key"].as_str().unwrap(), x["articles"].as_i64().unwrap()))
        .collect();
    assert_eq!(listed, [("alpha", 25), ("beta", 25)], "{o}");
    let out = succeed(rasid().args(["outlets", "--data"]).arg(&data));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("alpha (alpha) · 25 articles"));
    fail_saying(
        rasid()
            .args(["search", "--section", "nope", "--data"])
            .arg(&data)
            .arg("العراق"),
        "use one of politics, middle-east",
    );
    fail_saying(
        rasid()
            .args(["search", "--data"])
            .arg(dir.path().join("nothing"))
            .arg("x"),
        "ingest something first",
    );
}

#[test]
fn a_backup_taken_during_an_ingest_is_a_whole_data_directory() {
    let (dir, input, data) = corpus_dir("in.jsonl", 3000);
    let first = dir.path().join("first.jsonl");
    corpus(&first, 40);
    ingest_json(&data, &[&first]);
    std::fs::write(data.join("sites.toml"), "# the site rules\n").unwrap();
    // Backed up while another process is storing and indexing.
    let mut ingest = spawn_ingest_until(&data, &input, 100, 500);
    let dest = dir.path().join("backup");
    let out = succeed(
        rasid()
            .args(["backup", "--json", "--data"])
            .arg(&data)
            .arg(&dest),
    );
    assert!(ingest.wait().unwrap().success());
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = check_consistent(&dest);
    assert!(n >= 40, "{summary}");
    assert_eq!(summary["articles"], n);
    assert_eq!(
        std::fs::read_to_string(dest.join("sites.toml")).unwrap(),
        "# the site rules\n"
    );
    assert!(
        !dir.path().join(".backup.partial").exists(),
        "no partial copy left"
    );
    // Finished, the archive and a backup of it answer alike.
    let whole = dir.path().join("whole");
    succeed(rasid().args(["backup", "--data"]).arg(&data).arg(&whole));
    let search = |d: &Path| {
        comparable(&String::from_utf8_lossy(
            &succeed(
                rasid()
                    .args(["search", "--json", "--limit", "5", "--data"])
                    .arg(d)
                    .arg("العراق"),
            )
            .stdout,
        ))
    };
    assert_eq!(search(&data), search(&whole));
    let stories = |d: &Path| succeed(rasid().args(["stories", "--json", "--data"]).arg(d)).stdout;
    assert_eq!(stories(&data), stories(&whole));
    // Never written over; nothing already there is touched.
    fail_saying(
        rasid().args(["backup", "--data"]).arg(&data).arg(&whole),
        "not an empty directory",
    );
    assert_eq!(check_consistent(&whole), check_consistent(&data));
}

/// `rasid export` of `data` (with `args`) as JSON values.
fn export_lines(data: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = succeed(rasid().arg("export").args(args).arg("--data").arg(data));
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn an_export_ingests_back_into_the_same_articles_and_stories() {
    let (dir, input, data) = corpus_dir("in.jsonl", 120);
    // A page too, kept with its article: exported with it, extracted again from it.
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><title>وزير الخارجية يزور بغداد</title>\
         <link rel=\"canonical\" href=\"https://gamma.example/news/7\">\
         <meta property=\"article:published_time\" content=\"2024-09-06T08:00:00Z\"></head>\
         <body><article><h1>وزير الخارجية يزور بغداد</h1>\
         <p>وصل وزير الخارجية إلى بغداد صباح اليوم في زيارة رسمية يلتقي خلالها رئيس الوزراء.</p>\
         <p>وتتناول المحادثات انسحاب قوات التحالف الدولي والتعاون الاقتصادي بين البلدين.</p>\
         </article></body></html>",
    )
    .unwrap();
    ingest_json(&data, &[&input, &page]);
    let out = dir.path().join("export.jsonl.zst");
    succeed(
        rasid()
            .args(["export", "--with-page", "--data"])
            .arg(&data)
            .arg("--out")
            .arg(&out),
    );
    // Into the same archive: every article is one it has.
    let again = ingest_json(&data, &[&out]);
    assert_eq!(again["stored"], 0, "{again}");
    assert_eq!(again["duplicates"], 121, "{again}");
    // Into a new one: the same articles, in the same stories.
    let copy = dir.path().join("copy");
    ingest_json(&copy, &[&out]);
    let fields = |v: &serde_json::Value| {
        [
            "id",
            "url",
            "canonical_url",
            "source",
            "published",
            "title",
            "lead",
            "body",
            "authors",
            "tags",
            "rasid_section",
            // The same input stored in the same order, whichever worker finished first.
            "rasid_id",
        ]
        .map(|k| v[k].clone())
    };
    // A page read from a file has no URL, only the canonical one it names.
    let address = |l: &serde_json::Value| {
        l["url"]
            .as_str()
            .or(l["canonical_url"].as_str())
            .unwrap()
            .to_owned()
    };
    let (before, after) = (export_lines(&data, &[]), export_lines(&copy, &[]));
    assert_eq!(before.len(), 121);
    let by_url = |lines: &[serde_json::Value]| {
        lines
            .iter()
            .map(|l| (address(l), fields(l)))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    assert_eq!(by_url(&before), by_url(&after));
    let grouping = |lines: &[serde_json::Value]| {
        let mut by: std::collections::BTreeMap<i64, Vec<String>> = Default::default();
        for l in lines {
            by.entry(l["story"].as_i64().unwrap())
                .or_default()
                .push(address(l));
        }
        let mut groups: Vec<Vec<String>> = by.into_values().collect();
        groups.iter_mut().for_each(|g| g.sort());
        groups.sort();
        groups
    };
    assert_eq!(grouping(&before), grouping(&after));
    let paged = export_lines(&data, &["--with-page", "--source", "gamma.example"]);
    assert_eq!(paged.len(), 1, "{paged:?}");
    assert!(paged[0]["html"].as_str().unwrap().contains("<article>"));
    assert_eq!(paged[0]["canonical_url"], "https://gamma.example/news/7");
    // Filters: outlet and publication time.
    assert_eq!(export_lines(&data, &["--source", "alpha"]).len(), 60);
    assert_eq!(export_lines(&data, &["--since", "2024-09-06"]).len(), 1);
    assert_eq!(export_lines(&data, &["--until", "2024-09-06"]).len(), 120);
}

#[test]
fn prune_drops_old_pages_and_keeps_their_articles() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let page = |title: &str, date: &str| {
        format!(
            "<html><head><title>{title}</title>{date}</head><body><article><h1>{title}</h1>\
             <p>{title}: وصل وزير الخارجية إلى بغداد صباح اليوم في زيارة رسمية يلتقي خلالها رئيس الوزراء.</p>\
             <p>وتتناول المحادثات انسحاب قوات التحالف الدولي والتعاون الاقتصادي بين البلدين.</p>\
             </article></body></html>"
        )
    };
    let old = dir.path().join("old.html");
    let new = dir.path().join("new.html");
    std::fs::write(
        &old,
        page(
            "زيارة قديمة",
            "<meta property=\"article:published_time\" content=\"2019-01-01T08:00:00Z\">",
        ),
    )
    .unwrap();
    // No date: it goes by when it was stored (now).
    std::fs::write(&new, page("زيارة جديدة", "")).unwrap();
    ingest_json(&data, &[&old, &new]);
    let prune = |args: &[&str]| -> serde_json::Value {
        let out = succeed(
            rasid()
                .args([
                    "prune",
                    "--json",
                    "--pages-older-than",
                    "2020-01-01",
                    "--data",
                ])
                .arg(&data)
                .args(args),
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let counted = prune(&["--dry-run"]);
    assert_eq!(counted["articles"], 1, "{counted}");
    assert!(counted["page_bytes"].as_i64().unwrap() > 0, "{counted}");
    let status = |key: &str| status_json(&data)[key].clone();
    assert_eq!(status("pages"), 2);
    assert_eq!(prune(&[])["articles"], 1);
    assert_eq!(status("pages"), 1);
    assert_eq!(status("articles"), 2);
    let vacuumed = prune(&["--vacuum"]);
    assert_eq!(vacuumed["articles"], 0, "{vacuumed}");
    assert_eq!(vacuumed["vacuumed"], true, "{vacuumed}");
    // Both still found; the old one is simply not extracted again.
    let out = succeed(
        rasid()
            .args(["search", "--json", "--data"])
            .arg(&data)
            .arg("زيارة"),
    );
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(found["total"], 2, "{found}");
    let out = succeed(rasid().args(["reindex", "--extract", "--data"]).arg(&data));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 articles stored without a page"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    fail_saying(
        rasid()
            .args(["prune", "--pages-older-than", "someday", "--data"])
            .arg(&data),
        "--pages-older-than",
    );
}

#[test]
fn check_finds_what_is_broken_and_repair_puts_it_right() {
    let (_dir, input, data) = corpus_dir("in.jsonl", 60);
    ingest_json(&data, &[&input]);
    let check = |repair: bool| -> (bool, serde_json::Value) {
        let mut cmd = rasid();
        cmd.args(["check", "--json", "--data"]).arg(&data);
        if repair {
            cmd.arg("--repair");
        }
        let out = cmd.output().unwrap();
        (
            out.status.success(),
            serde_json::from_slice(&out.stdout).unwrap(),
        )
    };
    let (ok, report) = check(false);
    assert!(ok, "{report}");
    assert_eq!(report["problems"].as_array().unwrap().len(), 0, "{report}");
    // Broken as a hand edit might leave it (the sqlite3 shell does not enforce foreign
    // keys): a story's size, a story gone under its members; and an article missing from
    // the index.
    let db = rusqlite::Connection::open(rasid_store::db_path(&data)).unwrap();
    db.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE stories SET size = size + 5 WHERE id = (SELECT MIN(id) FROM stories);
         DELETE FROM stories WHERE id = (SELECT MAX(story_id) FROM story_articles);",
    )
    .unwrap();
    drop(db);
    let index = SearchIndex::open(&data).unwrap();
    let mut writer = index.writer(1, 15_000_000).unwrap();
    index.delete(&writer, 7);
    let up_to = index.indexed_up_to().unwrap();
    index.commit(&mut writer, up_to).unwrap();
    drop((writer, index));
    let (ok, report) = check(false);
    assert!(!ok, "a problem makes check exit 1: {report}");
    let text = report["problems"].to_string();
    for needle in [
        "recorded size",
        "stories that do not exist",
        "refer to rows that do not exist",
        "1 stored articles are not in the search index",
    ] {
        assert!(text.contains(needle), "{needle}: {report}");
    }
    let (ok, report) = check(true);
    assert!(ok, "{report}");
    assert_eq!(report["repaired"].as_array().unwrap().len(), 2, "{report}");
    check_consistent(&data);
    // The articles of the story that was gone are linked again by the next pass.
    assert!(report["unlinked"].as_u64().unwrap() >= 1, "{report}");
    succeed(rasid().args(["link", "--data"]).arg(&data));
    assert_eq!(check(false).1["unlinked"], 0);
}

#[test]
fn warc_directories_and_reindex() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir_all(pages.join("sub")).unwrap();
    let page = |title: &str, para: &str| {
        format!(
            "<html><head><title>{title}</title></head><body><nav><a href=/>الرئيسية</a></nav><article><h1>{title}</h1>\
             <p>{para}</p><p>وقال مسؤول كبير إن الاتفاق ينتظر موافقة نهائية من البلدين وتحديد موعد للإعلان عنه خلال الشهر الجاري.</p>\
             </article></body></html>"
        )
    };
    std::fs::write(
        pages.join("a.html"),
        page("اتفاق على الانسحاب", "توصلت بغداد وواشنطن إلى اتفاق حول انسحاب قوات التحالف الدولي من العراق، وذلك وفق خطة يجري تنفيذها على مراحل."),
    )
    .unwrap();
    std::fs::write(
        pages.join("sub/b.html"),
        page("افتتاح مستشفى جديد", "أعلنت وزارة الصحة عن افتتاح مستشفى جديد في العاصمة، وذلك ضمن خطة لتحسين الخدمات الصحية في المدن الكبرى."),
    )
    .unwrap();
    std::fs::write(pages.join("notes.md"), "ignored: not a page").unwrap();
    // A WARC with one response record (and a request record to skip).
    let html = page("مباراة الدوري", "فاز النصر على الهلال في مباراة مثيرة من مباريات الدوري أقيمت أمس في الرياض وسط حضور جماهيري كبير.");
    let http = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}")
        .into_bytes();
    // A page in windows-1256 whose charset only its HTTP header gives, sent gzipped in
    // chunks, as a crawler stores the response it received.
    let html_1256 = encoding_rs::WINDOWS_1256
        .encode(&page(
            "وزير المالية يعلن الميزانية",
            "أعلن وزير المالية ميزانية العام المقبل أمام البرلمان، وقال إن العجز سينخفض إلى النصف بفضل زيادة الإيرادات.",
        ))
        .0
        .into_owned();
    let mut gzipped = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzipped.write_all(&html_1256).unwrap();
    let gzipped = gzipped.finish().unwrap();
    let mut http_1256 = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1256\r\n\
        Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
        .to_vec();
    http_1256.extend(format!("{:x}\r\n", gzipped.len()).as_bytes());
    http_1256.extend(&gzipped);
    http_1256.extend(b"\r\n0\r\n\r\n");
    let mut warc = Vec::new();
    for (kind, uri, payload) in [
        (
            "request",
            "https://example.com/sport/1",
            b"GET /sport/1 HTTP/1.1\r\n\r\n".to_vec(),
        ),
        ("response", "https://example.com/sport/1", http),
        ("response", "https://example.com/economy/2", http_1256),
        // A redirect and an image: skipped.
        (
            "response",
            "https://example.com/old",
            b"HTTP/1.1 301 Moved\r\nLocation: /sport/1\r\nContent-Type: text/html\r\n\r\n<p>moved</p>"
                .to_vec(),
        ),
        (
            "response",
            "https://example.com/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG".to_vec(),
        ),
    ] {
        warc.extend_from_slice(
            format!(
                "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n\
                 WARC-Date: 2024-05-09T08:00:00Z\r\nContent-Length: {}\r\n\r\n",
                payload.len()
            )
            .as_bytes(),
        );
        warc.extend_from_slice(&payload);
        warc.extend_from_slice(b"\r\n\r\n");
    }
    let warc_path = dir.path().join("crawl.warc");
    std::fs::write(&warc_path, &warc).unwrap();
    // The same crawl as a .warc.gz the way crawlers write it: one gzip member per record.
    let gz_path = dir.path().join("crawl.warc.gz");
    let mut gz = Vec::new();
    let split = warc.windows(8).rposition(|w| w == b"WARC/1.0").unwrap();
    for member in [&warc[..split], &warc[split..]] {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(member).unwrap();
        gz.extend(e.finish().unwrap());
    }
    std::fs::write(&gz_path, gz).unwrap();
    let s = ingest_json(&dir.path().join("data-gz"), &[&gz_path]);
    assert_eq!(s["stored"], 2, "{s}");
    let data = dir.path().join("data");
    let s = ingest_json(&data, &[&pages, &warc_path]);
    assert_eq!(s["stored"], 4, "{s}");
    assert_eq!(s["rejected"], 0, "{s}");
    let store = Store::open(&data).unwrap();
    let budget = (1..=4)
        .filter_map(|i| store.article(i).unwrap())
        .find(|a| a.url.as_deref() == Some("https://example.com/economy/2"))
        .unwrap();
    assert_eq!(budget.title.as_deref(), Some("وزير المالية يعلن الميزانية"));
    assert!(budget.body.contains("العجز سينخفض"), "{}", budget.body);
    assert_eq!(budget.fetched_at.as_deref(), Some("2024-05-09T08:00:00Z"));
    let sport = (1..=4)
        .filter_map(|i| store.article(i).unwrap())
        .find(|a| a.url.as_deref() == Some("https://example.com/sport/1"))
        .unwrap();
    assert_eq!(sport.outlet.as_deref(), Some("example.com"));
    assert!(
        store.raw_page(sport.id).unwrap().is_some(),
        "the page is kept for re-extraction"
    );
    drop(store);
    succeed(rasid().args(["reindex", "--data"]).arg(&data));
    assert_eq!(check_consistent(&data), 4);
    // Enriched again: the URL's /sport/ still decides the section.
    let out = succeed(rasid().args(["reindex", "--enrich", "--data"]).arg(&data));
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("enriched 4 articles"), "{out}");
    assert_eq!(check_consistent(&data), 4);
    let store = Store::open(&data).unwrap();
    assert_eq!(
        store.article(sport.id).unwrap().unwrap().section.as_deref(),
        Some("sports")
    );
}

#[test]
fn records_read_as_text_and_filters_list_across_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    let data = dir.path().join("data");
    let mut f = std::fs::File::create(&input).unwrap();
    for (i, (name, source)) in [("ترامب", "alpha"), ("ترمب", "beta")]
        .into_iter()
        .enumerate()
    {
        writeln!(
            f,
            "{}",
            serde_json::json!({
                "id": format!("r-{i}"),
                "url": format!("https://example.com/r/{i}"),
                "source": source,
                "date": "2024-09-05 10:00:00",
                "title": format!("الرئيس الأمريكي دونالد {name} يزور &quot;المعرض&quot; رقم {i}"),
                "body": format!("قال الرئيس الأمريكي دونالد {name} إن الزيارة ناجحة &amp; مفيدة للطرفين في المعرض."),
            })
        )
        .unwrap();
    }
    drop(f);
    assert_eq!(ingest_json(&data, &[&input])["stored"], 2);
    let list = |args: &[&str]| -> serde_json::Value {
        let out = succeed(
            rasid()
                .args(["search", "--json", "--facets", "--data"])
                .arg(&data)
                .args(args),
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // No words, a filter only; either spelling finds both articles.
    for who in ["person:دونالد ترمب", "person:دونالد ترامب"] {
        let r = list(&["--entity", who]);
        assert_eq!(r["total"], 2, "{who}: {r}");
        let title = r["results"][0]["title"].as_str().unwrap();
        assert!(
            title.contains("\"المعرض\"") && !title.contains("&quot;"),
            "{title}"
        );
        let people: Vec<&str> = r["facets"]["entity"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v["value"].as_str())
            .filter(|v| v.starts_with("person:"))
            .collect();
        assert_eq!(people, ["person:دونالد ترامب"], "{r}");
    }
    // Neither words nor a filter: an error that says what to give.
    fail_saying(rasid().args(["search", "--data"]).arg(&data), "--tag");
}

#[test]
fn an_ingest_groups_stories_and_lists_them() {
    let (_dir, input, data) = corpus_dir("in.jsonl", 200);
    succeed(
        rasid()
            .args(["ingest", "--quiet", "--json", "--data"])
            .arg(&data)
            .arg(&input),
    );
    let out = succeed(rasid().args(["stories", "--json", "--data"]).arg(&data));
    let stories: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = stories.as_array().unwrap();
    // Every article is in exactly one story; each story lists its provenance.
    let mut seen = std::collections::HashSet::new();
    for s in stories {
        for key in [
            "id",
            "title",
            "first_published",
            "first_outlet",
            "origin",
            "outlets",
            "articles",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
        for a in s["articles"].as_array().unwrap() {
            assert!(seen.insert(a["id"].as_i64().unwrap()), "article twice: {a}");
            for key in ["external_id", "url", "source", "title", "published"] {
                assert!(a.get(key).is_some(), "{key} missing in {a}");
            }
        }
    }
    assert_eq!(seen.len(), 200);
    let id = stories[0]["id"].as_i64().unwrap();
    let out = rasid()
        .args(["story", "--json", "--data"])
        .arg(&data)
        .arg(id.to_string())
        .output()
        .unwrap();
    let one: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(one["id"], id);
    let member = one["articles"][0]["id"].as_i64().unwrap();
    let out = succeed(
        rasid()
            .args(["related", "--json", "--data"])
            .arg(&data)
            .arg(member.to_string()),
    );
    let related: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(related["story"], id);
    for r in related["related"].as_array().unwrap() {
        assert!(r["reason"].as_str().unwrap().len() > 2, "{r}");
        assert_ne!(r["id"], member);
    }
    let out = rasid()
        .args(["stories", "--since", "3d", "--json", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "[]",
        "the corpus is from 2024"
    );
    fail_saying(
        rasid()
            .args(["stories", "--since", "yesterday-ish", "--data"])
            .arg(&data),
        "since",
    );
    // Who and what the archive's latest days are about, each with its story.
    let out = succeed(rasid().args(["topics", "--json", "--data"]).arg(&data));
    let topics: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(topics["articles"].as_u64().unwrap() > 0, "{topics}");
    assert!(
        topics["until"].as_str().unwrap().starts_with("2024-"),
        "{topics}"
    );
    for kind in ["person", "place", "organisation", "tag"] {
        for t in topics[kind].as_array().unwrap() {
            assert!(t["count"].as_u64().unwrap() >= 3, "{t}");
            assert!(!t["name"].as_str().unwrap().is_empty(), "{t}");
        }
    }
    fail_saying(
        rasid().args(["topics", "--days", "0", "--data"]).arg(&data),
        "days",
    );
}

#[test]
fn train_sections_writes_a_model_from_labelled_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("labelled.jsonl");
    let mut f = std::fs::File::create(&input).unwrap();
    let sport = "فاز الفريق على منافسه في مباراة الدوري وسجل المهاجم هدفين";
    let economy = "ارتفعت أسعار النفط في الأسواق وتراجعت البورصة مع صعود التضخم";
    for i in 0..20 {
        let (category, body) = if i % 2 == 0 {
            ("sport", sport)
        } else {
            ("economy", economy)
        };
        writeln!(
            f,
            "{}",
            serde_json::json!({"url": format!("https://example.com/{i}"), "source": "alpha",
                "date": format!("2024-0{}-01", 1 + i % 9), "title": format!("خبر {i}"),
                "body": format!("{body} {i}"), "category": category})
        )
        .unwrap();
    }
    // An article filed under two sections, one with an unknown label, a broken line.
    writeln!(f, "{}", serde_json::json!({"url": "https://example.com/0", "title": "x", "body": sport, "category": "economy"})).unwrap();
    writeln!(f, "{}", serde_json::json!({"url": "https://example.com/w", "title": "x", "body": sport, "category": "weather"})).unwrap();
    writeln!(f, "{{not json").unwrap();
    drop(f);
    let model = dir.path().join("sections.bin");
    let out = succeed(
        rasid()
            .args(["train-sections", "--json", "--out"])
            .arg(&model)
            .arg(&input),
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["articles"], 19, "{summary}");
    assert_eq!(summary["classes"]["sports"], 9);
    assert_eq!(summary["skipped"]["unlabelled"], 1);
    assert_eq!(summary["skipped"]["invalid"], 1);
    let bytes = std::fs::read(&model).unwrap();
    let m = rasid_enrich::sections::Model::from_bytes(&bytes).unwrap();
    assert_eq!(m.classes(), ["economy", "sports"]);
    // Nothing labelled: a clear error.
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "{\"title\": \"x\", \"body\": \"y\"}\n").unwrap();
    fail_saying(
        rasid()
            .args(["train-sections", "--out"])
            .arg(dir.path().join("none.bin"))
            .arg(&empty),
        "no labelled articles",
    );
}

#[test]
fn extract_with_enrich_gives_the_section() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("match.txt");
    std::fs::write(
        &page,
        "الأهلي يفوز على الزمالك في قمة الدوري\n\nفاز فريق الأهلي على الزمالك بهدفين مقابل هدف في مباراة قمة الدوري المصري لكرة القدم التي أقيمت مساء أمس، وسجل المهاجم هدف الفوز في الدقيقة الأخيرة من المباراة أمام جماهير الفريقين.\n",
    )
    .unwrap();
    let out = succeed(
        rasid()
            .args(["extract", "--enrich", "--input", "text"])
            .arg(&page),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["enrichment"]["section"]["name"], "sports", "{v}");
    assert_eq!(v["enrichment"]["section"]["source"], "model");
    let out = rasid()
        .args(["extract", "--input", "text"])
        .arg(&page)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("enrichment").is_none(), "only when asked");
}

#[test]
fn people_learned_by_one_ingest_are_known_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let write = |name: &str, rows: &[(&str, &str)]| {
        let path = dir.path().join(name);
        let mut f = std::fs::File::create(&path).unwrap();
        for (i, (title, body)) in rows.iter().enumerate() {
            let row = serde_json::json!({
                "id": format!("{name}-{i}"),
                "url": format!("https://example.com/{name}/{i}"),
                "source": "alpha",
                "date": "2024-09-05 10:00:00",
                "title": title,
                "body": body,
            });
            writeln!(f, "{row}").unwrap();
        }
        path
    };
    let titled = [
        (
            "طهران ترد",
            "وقال الرئيس الإيراني حسن روحاني إن بلاده لن تتراجع عن الاتفاق.",
        ),
        (
            "مباحثات في طهران",
            "واستقبل الرئيس الإيراني حسن روحاني وزير الخارجية العماني.",
        ),
        (
            "خطاب في البرلمان",
            "وأكد الرئيس حسن روحاني أمام البرلمان أن الاقتصاد يتعافى.",
        ),
    ];
    ingest_json(&data, &[&write("first.jsonl", &titled)]);
    ingest_json(
        &data,
        &[&write(
            "second.jsonl",
            &[("زيارة", "التقى حسن روحاني وفدا أوروبيا في طهران أمس.")],
        )],
    );
    let store = Store::open(&data).unwrap();
    let a = store
        .article_by_external_id("second.jsonl-0")
        .unwrap()
        .expect("stored");
    assert!(
        a.entities
            .iter()
            .any(|e| e.name == "حسن روحاني" && e.kind == "person"),
        "no title before the name, learned from the first ingest: {:?}",
        a.entities
    );
}

/// A local site for the network commands: robots.txt, a feed and an article page,
/// served on 127.0.0.1 from a thread of its own. Its base URL.
fn local_site() -> String {
    use axum::routing::get;
    const PAGE: &str = "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
        <title>افتتاح معرض الكتاب في الرياض</title><meta property=\"og:site_name\" content=\"صحيفة محلية\">\
        <meta property=\"article:published_time\" content=\"2024-09-05T10:00:00Z\">\
        </head><body><article><h1>افتتاح معرض الكتاب في الرياض</h1>\
        <p>افتتح وزير الثقافة مساء اليوم معرض الكتاب الدولي في الرياض بمشاركة أكثر من ألف دار نشر من ثلاثين دولة عربية وأجنبية.</p>\
        <p>ويستمر المعرض عشرة أيام، وتقام على هامشه ندوات وأمسيات شعرية وورش عمل للأطفال، ويتوقع المنظمون أن يزوره نحو مليون زائر.</p>\
        <p>وقال مدير المعرض إن الدورة الحالية تحتفي بالأدب العربي المعاصر وتخصص جناحا للترجمة وجناحا للكتب الرقمية.</p>\
        </article></body></html>";
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let base = format!("http://{}", listener.local_addr().unwrap());
            let feed = format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>صحيفة محلية</title>\
                 <item><title>افتتاح معرض الكتاب</title><link>{base}/book.html</link><guid>b-1</guid>\
                 <pubDate>Thu, 05 Sep 2024 10:00:00 GMT</pubDate></item></channel></rss>"
            );
            let app = axum::Router::new()
                .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
                .route("/rss.xml", get(move || async move { feed }))
                .route("/book.html", get(|| async { axum::response::Html(PAGE) }));
            tx.send(base).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    rx.recv().unwrap()
}

#[test]
fn feeds_are_followed_exported_and_crawled() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // A private address is refused, with what to do about it.
    let out = rasid()
        .args(["feeds", "add", "http://127.0.0.1:9/rss.xml", "--data"])
        .arg(&data)
        .env_remove("RASID_ALLOW_PRIVATE_ADDRESSES")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("loopback") && err.contains("allow_private_addresses"),
        "{err}"
    );
    // OPML in (with folders), OPML out.
    let opml = dir.path().join("mine.opml");
    std::fs::write(
        &opml,
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>x</title></head><body>\
         <outline text=\"أخبار\"><outline type=\"rss\" text=\"مثال\" xmlUrl=\"https://news.example/rss.xml\"/></outline>\
         <outline type=\"rss\" text=\"سيء\" xmlUrl=\"file:///etc/passwd\"/></body></opml>",
    )
    .unwrap();
    let out = rasid()
        .args(["feeds", "import", "--json", "--data"])
        .arg(&data)
        .arg(&opml)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["added"], 1, "{v}");
    assert_eq!(v["refused"].as_array().unwrap().len(), 1, "{v}");
    assert!(
        !out.status.success(),
        "a refused feed is reported in the exit status"
    );
    let out = rasid()
        .args(["feeds", "export", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("https://news.example/rss.xml") && text.contains("أخبار"),
        "{text}"
    );
    // A local site, allowed by the environment: one page fetched through the pipeline,
    // then the feed crawled.
    let base = local_site();
    let out = succeed(
        rasid()
            .args(["fetch", "--json", "--data"])
            .arg(&data)
            .arg(format!("{base}/book.html"))
            .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1"),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], "stored", "{v}");
    assert_eq!(v["article"]["title"], "افتتاح معرض الكتاب في الرياض", "{v}");
    // People read the outlet's name; JSON keeps the key a filter takes.
    let out = succeed(rasid().args(["stories", "--data"]).arg(&data));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("· صحيفة محلية · first: صحيفة محلية"),
        "{text}"
    );
    let out = succeed(rasid().args(["stories", "--json", "--data"]).arg(&data));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["outlets"][0], "127.0.0.1", "{v}");
    let out = rasid()
        .args(["feeds", "remove", "https://news.example/rss.xml", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(out.status.success());
    succeed(
        rasid()
            .args(["feeds", "add", "--section", "culture", "--data"])
            .arg(&data)
            .arg(format!("{base}/rss.xml"))
            .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1"),
    );
    let out = succeed(
        rasid()
            .args(["feeds", "crawl", "--json", "--data"])
            .arg(&data)
            .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1")
            .env("RASID_HOST_DELAY_MS", "10"),
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["feeds_checked"], 1, "{r}");
    // The feed's item is the page fetched before: known, not stored twice.
    assert_eq!(r["duplicates"], 1, "{r}");
    let out = rasid()
        .args(["feeds", "list", "--json", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let feeds: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &feeds[0];
    assert_eq!(f["title"], "صحيفة محلية", "{feeds}");
    assert_eq!(f["consecutive_failures"], 0);
    assert!(f["next_check"].is_string());
    assert_eq!(f["section"], "culture");
    let st = status_json(&data);
    assert_eq!(st["feeds"]["followed"], 1, "{st}");
    assert_eq!(st["feeds"]["failing"], 0, "{st}");
    assert_eq!(st["feeds"]["next_check"], f["next_check"], "{st}");
    assert!(
        st["pages"].as_i64().unwrap() >= 1,
        "pages fetched are kept: {st}"
    );
}

/// A GET over plain HTTP/1.1: the response body, if the server answered 200.
fn http_get(addr: &str, path: &str) -> Option<String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .ok()?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).ok()?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    head.starts_with("HTTP/1.1 200").then(|| body.to_owned())
}

#[test]
fn serve_crawls_the_followed_feeds_in_the_background() {
    let base = local_site();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    succeed(
        rasid()
            .args(["feeds", "add", "--data"])
            .arg(&data)
            .arg(format!("{base}/rss.xml"))
            .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1"),
    );
    // The crawled page (published in 2024) is past a week's retention: dropped after the
    // round that fetched it, its article kept.
    std::fs::write(data.join("rasid.toml"), "[retention]\npages = \"1w\"\n").unwrap();
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let mut child = rasid()
        .args(["serve", "--listen", &addr, "--data"])
        .arg(&data)
        .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1")
        .env("RASID_HOST_DELAY_MS", "10")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // معرض, percent-encoded.
    let query = "/api/v1/search?q=%D9%85%D8%B9%D8%B1%D8%B6";
    let mut found = None;
    for _ in 0..60 {
        std::thread::sleep(std::time::Duration::from_millis(250));
        if let Some(body) = http_get(&addr, query) {
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            if v["total"].as_u64().unwrap_or(0) > 0 {
                found = Some(v);
                break;
            }
        }
    }
    // The feed's health, for alerting.
    let metrics = http_get(&addr, "/metrics").unwrap_or_default();
    assert!(
        metrics.contains("\nrasid_feeds{state=\"healthy\"} 1\n")
            && metrics.contains("\nrasid_crawl_last_success_timestamp_seconds "),
        "{metrics}"
    );
    let status = || status_json(&data);
    let mut pruned = status();
    for _ in 0..40 {
        if pruned["pages"] == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
        pruned = status();
    }
    // Asked to stop as a service manager asks (SIGTERM): it stops, and cleanly.
    succeed(Command::new("kill").args(["-TERM", &child.id().to_string()]));
    let mut stopped = None;
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            stopped = Some(status);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        stopped.is_some_and(|s| s.success()),
        "SIGTERM stops the server with success: {stopped:?}"
    );
    let v = found.expect("the crawled article becomes searchable through the server");
    assert_eq!(
        v["results"][0]["title"], "افتتاح معرض الكتاب في الرياض",
        "{v}"
    );
    assert_eq!(pruned["pages"], 0, "{pruned}");
    assert!(pruned["articles"].as_i64().unwrap() >= 1, "{pruned}");
    // A retention that is no span stops rasid with the file and the key.
    std::fs::write(
        data.join("rasid.toml"),
        "[retention]\npages = \"2019-01-01\"\n",
    )
    .unwrap();
    let out = rasid()
        .args(["feeds", "crawl", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("retention.pages"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_ingest_without_linking_leaves_the_stories_to_rasid_link() {
    let (_dir, input, data) = corpus_dir("in.jsonl", 30);
    let run = |args: &[&str]| {
        let out = succeed(rasid().args(args).arg("--data").arg(&data));
        out
    };
    let out = rasid()
        .args(["ingest", "--quiet", "--no-link", "--json", "--data"])
        .arg(&data)
        .arg(&input)
        .output()
        .unwrap();
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["linked"], 0, "{summary}");
    let out = run(&["stories", "--json"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    let note = String::from_utf8_lossy(&out.stderr);
    assert!(
        note.contains("30 article(s) are not in stories yet"),
        "{note}"
    );
    assert!(note.contains("rasid link"), "{note}");
    let out = run(&["link", "--json"]);
    let linked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(linked["linked"], 30, "{linked}");
    let out = run(&["stories", "--json"]);
    let stories: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: usize = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["articles"].as_array().unwrap().len())
        .sum();
    assert_eq!(members, 30);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every story formed again: as many, all articles in them.
    let out = run(&["link", "--again", "--json"]);
    let again: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(again["linked"], 30, "{again}");
    assert_eq!(again["stories"], again["stories_before"], "{again}");
    assert_eq!(
        again["stories"],
        stories.as_array().unwrap().len(),
        "{again}"
    );
}

/// A reader that stops early (`rasid analyze … | head`) ends rasid without an error
/// message or a panic, as it ends `cat`.
#[cfg(unix)]
#[test]
fn a_reader_closing_the_pipe_ends_rasid_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = rasid()
        .args(["analyze", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Far more output than a pipe holds.
    let text = "ذهب الطالب إلى المدرسة صباحا. ".repeat(20_000);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    assert!(stderr.is_empty(), "{stderr}");
    use std::os::unix::process::ExitStatusExt;
    // Ended by SIGPIPE (13 on Linux and the BSDs), not by an error exit.
    assert_eq!(status.signal(), Some(13), "{status:?}");
}

/// `rasid serve --no-crawl` on `data`, on a free port of 127.0.0.1: the process and the
/// address.
fn serving(data: &Path) -> (std::process::Child, String) {
    let addr = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let child = rasid()
        .args(["serve", "--no-crawl", "--listen", &addr, "--data"])
        .arg(data)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    (child, addr)
}

/// The first `Some` of `f`, tried every 250 ms, up to `tries` times.
fn poll<T>(tries: usize, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    for _ in 0..tries {
        std::thread::sleep(std::time::Duration::from_millis(250));
        if let Some(v) = f() {
            return Some(v);
        }
    }
    None
}

/// The output of `rasid ARGS… --data DATA`, which must succeed.
fn output_of(data: &Path, args: &[&str]) -> String {
    let out = succeed(rasid().args(args).arg("--data").arg(data));
    String::from_utf8(out.stdout).unwrap()
}

/// JSON lines as two ingests of the same input agree on them: without the time of the
/// ingest, and without key phrases and entities, which several workers may weigh
/// differently from one ingest to the next (see ARCHITECTURE.md; the stories never
/// differ); a search's results without the cursor to the next page, which carries the
/// time of the search.
fn comparable(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                // `next` holds the search's "now" (seconds): two searches may straddle one.
                for varying in ["ingested_at", "key_phrases", "entities", "next"] {
                    o.remove(varying);
                }
            }
            v
        })
        .collect()
}

#[test]
fn an_archive_in_postgres_answers_as_the_same_archive_in_sqlite() {
    let (dir, input, sqlite) = corpus_dir("in.jsonl", 300);
    let pg = dir.path().join("pg");
    if rasid_store::test_postgres_data_dir(&pg).is_none() {
        return; // RASID_TEST_POSTGRES unset: SQLite alone is tested here.
    }
    for data in [&sqlite, &pg] {
        ingest_json(data, &[&input]);
    }
    let store = status_json(&pg)["store"].as_str().unwrap().to_owned();
    assert!(store.starts_with("postgres://"), "{store}");
    for args in [
        &["stories", "--json"][..],
        &["search", "العراق", "--json", "--limit", "30"],
        &["search", "title:بغداد", "--json", "--by-date"],
        &["article", "7", "--json"],
        &["story", "3", "--json"],
        &["related", "12", "--json"],
        &["export"],
    ] {
        assert_eq!(
            comparable(&output_of(&sqlite, args)),
            comparable(&output_of(&pg, args)),
            "rasid {args:?}"
        );
    }
    for key in [
        "articles",
        "stories",
        "shared_stories",
        "in_shared",
        "unlinked",
        "searchable",
    ] {
        assert_eq!(status_json(&sqlite)[key], status_json(&pg)[key], "{key}");
    }
    // Stories formed again, checked, and what PostgreSQL leaves to its own tools.
    for data in [&sqlite, &pg] {
        succeed(rasid().args(["link", "--again", "--data"]).arg(data));
        succeed(rasid().args(["check", "--data"]).arg(data));
    }
    assert_eq!(
        output_of(&sqlite, &["stories", "--json"]),
        output_of(&pg, &["stories", "--json"])
    );
    fail_saying(
        rasid()
            .args(["backup", "--data"])
            .arg(&pg)
            .arg(dir.path().join("copy")),
        "pg_dump",
    );
    // Served from PostgreSQL.
    let (mut child, addr) = serving(&pg);
    let body = poll(80, || http_get(&addr, "/api/v1/stories/3"));
    child.kill().unwrap();
    child.wait().unwrap();
    let served: serde_json::Value = serde_json::from_str(&body.expect("no answer")).unwrap();
    let listed: serde_json::Value =
        serde_json::from_str(&output_of(&sqlite, &["story", "3", "--json"])).unwrap();
    assert_eq!(served["id"], listed["id"]);
    assert_eq!(
        served["articles"].as_array().map(Vec::len),
        listed["articles"].as_array().map(Vec::len)
    );
}

#[test]
fn workers_share_a_postgres_store_and_the_server_indexes_what_they_store() {
    let dir = tempfile::tempdir().unwrap();
    let server_data = dir.path().join("server");
    let Some(url) = rasid_store::test_postgres_database() else {
        // Without a PostgreSQL store a worker says what it needs.
        fail_saying(
            rasid()
                .args(["worker", "--once", "--data"])
                .arg(dir.path().join("w")),
            "[store] url",
        );
        return;
    };
    let base = local_site();
    // The server's data directory and two workers' (as on other machines), one store.
    let config = format!("[store]\nurl = \"{url}\"\n");
    let workers: Vec<PathBuf> = (0..2)
        .map(|i| dir.path().join(format!("worker{i}")))
        .collect();
    for d in workers.iter().chain([&server_data]) {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("rasid.toml"), &config).unwrap();
    }
    succeed(
        rasid()
            .args(["feeds", "add", "--data"])
            .arg(&server_data)
            .arg(format!("{base}/rss.xml"))
            .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1"),
    );
    // Both workers at once: the one due feed is checked by one of them.
    let children: Vec<_> = workers
        .iter()
        .map(|d| {
            rasid()
                .args(["worker", "--once", "--json", "--data"])
                .arg(d)
                .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1")
                .env("RASID_HOST_DELAY_MS", "10")
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let reports: Vec<serde_json::Value> = children
        .into_iter()
        .map(|c| serde_json::from_slice(&c.wait_with_output().unwrap().stdout).unwrap())
        .collect();
    let checked: i64 = reports
        .iter()
        .map(|r| r["feeds_checked"].as_i64().unwrap())
        .sum();
    let stored: i64 = reports.iter().map(|r| r["stored"].as_i64().unwrap()).sum();
    assert_eq!((checked, stored), (1, 1), "{reports:?}");
    // Nothing is due now: a worker's second round finds nothing to do.
    let again = succeed(
        rasid()
            .args(["worker", "--once", "--json", "--data"])
            .arg(&workers[0])
            .env("RASID_ALLOW_PRIVATE_ADDRESSES", "1"),
    );
    let again: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again["feeds_checked"], 0, "{again}");
    // A worker's directory reports the shared store, and no index of its own.
    let status = succeed(
        rasid()
            .args(["status", "--json", "--data"])
            .arg(&workers[0]),
    );
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(
        (status["articles"].as_i64(), &status["index"]),
        (Some(1), &false.into())
    );
    assert!(!rasid_search::index_path(&workers[0]).exists());
    // The server, not crawling itself, indexes and links what the workers stored.
    std::fs::write(
        server_data.join("rasid.toml"),
        format!("{config}[crawl]\ntick_secs = 5\n"),
    )
    .unwrap();
    let (mut child, addr) = serving(&server_data);
    // معرض, percent-encoded.
    let query = "/api/v1/search?q=%D9%85%D8%B9%D8%B1%D8%B6";
    let found = poll(60, || {
        let v: serde_json::Value = serde_json::from_str(&http_get(&addr, query)?).unwrap();
        (v["total"] == 1).then_some(v)
    })
    .expect("the worker's article is searchable on the server");
    let id = found["results"][0]["id"].as_i64().unwrap();
    // And linked into a story by the server's next tick.
    let story_on = |addr: &str| {
        let v: serde_json::Value =
            serde_json::from_str(&http_get(addr, "/api/v1/stories?limit=5")?).unwrap();
        v["stories"].as_array()?.iter().find_map(|s| {
            let ids: Vec<i64> = s["articles"]
                .as_array()?
                .iter()
                .filter_map(|a| a["id"].as_i64())
                .collect();
            ids.contains(&id).then(|| s["id"].clone())
        })
    };
    let story = poll(60, || story_on(&addr));
    // A second server on the same store (another data directory, as on another machine)
    // indexes what is stored too, and shows the first one's stories.
    let replica = dir.path().join("replica");
    std::fs::create_dir_all(&replica).unwrap();
    std::fs::write(replica.join("rasid.toml"), &config).unwrap();
    let (mut second, second_addr) = serving(&replica);
    let found_there = poll(60, || {
        let v: serde_json::Value = serde_json::from_str(&http_get(&second_addr, query)?).unwrap();
        (v["total"] == 1).then_some(v)
    });
    let story_there = poll(20, || story_on(&second_addr));
    second.kill().unwrap();
    second.wait().unwrap();
    assert!(found_there.is_some(), "the second server finds the article");
    assert_eq!(story_there, story, "the second server shows the same story");
    // An archive ingested from elsewhere while the server runs is stored for it, which
    // indexes and links it.
    let loader = dir.path().join("loader");
    std::fs::create_dir_all(&loader).unwrap();
    std::fs::write(loader.join("rasid.toml"), &config).unwrap();
    let jsonl = dir.path().join("archive.jsonl");
    std::fs::write(
        &jsonl,
        r#"{"id":"a1","url":"https://archive.example/1","source":"archive","date":"2024-09-05T10:00:00Z","title":"افتتاح مهرجان الفنون الشعبية","body":"افتتح مهرجان الفنون الشعبية في العاصمة بمشاركة فرق من عشرين دولة، ويستمر المهرجان أسبوعا كاملا."}"#,
    )
    .unwrap();
    let ingested = succeed(
        rasid()
            .args(["ingest", "--json", "--data"])
            .arg(&loader)
            .arg(&jsonl),
    );
    let ingested: serde_json::Value = serde_json::from_slice(&ingested.stdout).unwrap();
    assert_eq!(
        (&ingested["stored"], &ingested["store_only"]),
        (&1.into(), &true.into()),
        "{ingested}"
    );
    assert!(!rasid_search::index_path(&loader).exists());
    // مهرجان, percent-encoded.
    let festival = "/api/v1/search?q=%D9%85%D9%87%D8%B1%D8%AC%D8%A7%D9%86";
    let loaded = poll(60, || {
        let v: serde_json::Value = serde_json::from_str(&http_get(&addr, festival)?).unwrap();
        (v["total"] == 1).then_some(v)
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(story.is_some(), "the server links the worker's article");
    assert!(loaded.is_some(), "the server indexes the ingested archive");
}
