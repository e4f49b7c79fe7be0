//! `rasid-eval seed`: the seed page (an aggregator's page saved as text) extracted as the
//! issue asks — body exactly the story's paragraphs, Reuters (agency) and the Libyan paper
//! (publisher) as attributions, the cut tag line flagged, the glued sports story and its
//! video out of the body, and the ten "similar articles" headlines as related links.

use crate::{Ctx, Outcome};
use anyhow::{Context, Result};
use rasid_extract::{extract, AttributionKind, Input};

pub fn run(ctx: &Ctx) -> Result<Outcome> {
    let path = ctx.data.join("../seed/000_f78409525aa3a69f.txt");
    let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let (ex, warnings) = extract(&Input::auto(&bytes));
    let checks: Vec<(&str, bool)> = vec![
        (
            "body starts with «العراق – توصلت بغداد»",
            ex.body
                .first()
                .is_some_and(|p| p.starts_with("العراق – توصلت بغداد")),
        ),
        (
            "body ends with «لواشنطن بالمنطقة.»",
            ex.body
                .last()
                .is_some_and(|p| p.ends_with("لواشنطن بالمنطقة.")),
        ),
        ("14 body paragraphs", ex.body.len() == 14),
        (
            "Reuters credited as agency",
            ex.attributions.iter().any(|a| {
                a.agency.as_deref() == Some("Reuters") && a.kind == AttributionKind::Agency
            }),
        ),
        (
            "صحيفة المرصد الليبية credited as publisher",
            ex.attributions
                .iter()
                .any(|a| a.name == "صحيفة المرصد الليبية" && a.kind == AttributionKind::Publisher),
        ),
        ("tag line recognised", !ex.tags.is_empty()),
        (
            "tag line flagged as truncated",
            warnings.iter().any(|w| w.code == "tags-truncated"),
        ),
        ("Castro story not in the body", !ex.text.contains("كاسترو")),
        (
            "sports byline not in the body",
            !ex.text.contains("ماجد محمد"),
        ),
        (
            "video URL not in the body",
            !ex.text.contains(".mp4") && ex.videos.iter().any(|v| v.url.ends_with(".mp4")),
        ),
        ("ten related headlines", ex.related_links.len() == 10),
    ];
    let ok = checks.iter().filter(|(_, ok)| *ok).count();
    if ctx.json {
        let list: Vec<_> = checks
            .iter()
            .map(|(n, ok)| serde_json::json!({"check": n, "ok": ok}))
            .collect();
        println!(
            "{}",
            serde_json::json!({"ok": ok, "total": checks.len(), "checks": list})
        );
    } else {
        println!("Seed page as plain text — {ok}/{} checks", checks.len());
        for (name, pass) in &checks {
            println!("  {} {name}", if *pass { "ok   " } else { "FAIL " });
        }
    }
    let passed = ctx.check("seed checks", ok as f64 / checks.len() as f64, 1.0);
    Ok(Outcome { passed })
}
