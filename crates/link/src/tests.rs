//! The seed's situation, written here: one agency story rewritten by several outlets, an
//! exact copy, and unrelated articles that share only generic news words.

use super::*;

const T0: i64 = 1_520_000_000;

/// A linker with its frequencies, linking one article at a time.
struct Setup {
    linker: Linker,
    freq: Frequencies,
}

impl Setup {
    fn new() -> Setup {
        Setup::with(Config::default())
    }

    /// A linker of `config` that has linked the [`background`] news.
    fn with_background(config: Config) -> Setup {
        let mut s = Setup::with(config);
        background(&mut s);
        s
    }

    fn with(config: Config) -> Setup {
        Setup {
            linker: Linker::new(config, 1),
            freq: Frequencies::default(),
        }
    }

    fn link(&mut self, a: &ArticleIn<'_>) -> Decision {
        self.linker.link(&mut self.freq, a)
    }

    /// Links (id, hours, outlet, title, body) in order, each of which must join `story`.
    fn all_join(&mut self, story: i64, articles: &[(i64, i64, &str, &str, &str)]) {
        for &(id, h, o, t, b) in articles {
            let d = self.link(&article(id, h, o, t, b));
            assert_eq!(d.story, story, "{t}: {d:?}");
        }
    }
}

fn article<'a>(
    id: i64,
    hours: i64,
    outlet: &'a str,
    title: &'a str,
    body: &'a str,
) -> ArticleIn<'a> {
    ArticleIn {
        id,
        time: T0 + hours * 3600,
        outlet: Some(outlet),
        title,
        lead: "",
        body,
    }
}

/// Unrelated background news, so that document frequencies mean something.
fn background(linker: &mut Setup) {
    let topics = [
        ("افتتاح معرض الكتاب في القاهرة", "افتتح وزير الثقافة معرض القاهرة الدولي للكتاب بمشاركة مئات الناشرين من الدول العربية والأجنبية، ويستمر المعرض أسبوعين."),
        ("ارتفاع أسعار النفط في الأسواق العالمية", "ارتفعت أسعار النفط اليوم بعد بيانات عن تراجع المخزونات الأمريكية، وسجل خام برنت أعلى مستوى له منذ شهرين."),
        ("الهلال يفوز على النصر في الدوري", "فاز فريق الهلال على النصر بهدفين مقابل هدف في المباراة التي أقيمت مساء أمس ضمن منافسات الدوري."),
        ("أمطار غزيرة تضرب مناطق الشمال", "هطلت أمطار غزيرة على مناطق الشمال وأعلنت الأرصاد الجوية عن استمرار الحالة الجوية حتى نهاية الأسبوع."),
        ("إطلاق تطبيق جديد للخدمات الحكومية", "أطلقت الحكومة تطبيقا جديدا يتيح للمواطنين إنجاز المعاملات إلكترونيا دون الحاجة إلى مراجعة المكاتب."),
        ("مهرجان للتمور في القصيم", "انطلق مهرجان التمور في القصيم بمشاركة المزارعين من مختلف المحافظات وسط إقبال كبير من الزوار."),
    ];
    for round in 0..5 {
        for (i, (title, body)) in topics.iter().enumerate() {
            linker.link(&article(
                1000 + round * 10 + i as i64,
                -200 + round * 30 + i as i64,
                "other",
                title,
                body,
            ));
        }
    }
}

#[test]
fn rewrites_of_one_agency_story_make_one_story_and_generic_words_do_not() {
    let mut linker = Setup::new();
    background(&mut linker);
    let reuters = "قالت مصادر عراقية وأمريكية لرويترز إن بغداد وواشنطن توصلتا إلى اتفاق بشأن انسحاب قوات التحالف الدولي بقيادة الولايات المتحدة من العراق على مراحل تنتهي في سبتمبر من العام المقبل، على أن تبقى بعض القوات في إقليم كردستان العراق. وأضافت المصادر أن الاتفاق ينتظر موافقة نهائية من البلدين.";
    let a = linker.link(&article(
        1,
        0,
        "reuters",
        "مصادر: اتفاق أمريكي عراقي على انسحاب قوات التحالف",
        reuters,
    ));
    assert_eq!(a.link, Link::New);
    // A republication with a new title and one sentence added: a near-duplicate.
    let copy = format!("{reuters} ولم يصدر تعليق رسمي من الحكومة العراقية.");
    let b = linker.link(&article(
        2,
        2,
        "libya-paper",
        "تفاصيل اتفاق انسحاب قوات التحالف من العراق",
        &copy,
    ));
    assert_eq!(b.story, a.story);
    assert!(matches!(b.link, Link::NearDuplicate { of: 1, .. }), "{b:?}");
    // Rewrites by other outlets.
    let c = linker.link(&article(3, 3, "alpha", "واشنطن وبغداد تتفقان على جدول لانسحاب قوات التحالف الدولي", "أفادت مصادر مطلعة بأن الولايات المتحدة والعراق اتفقتا على انسحاب قوات التحالف الدولي من العراق بحلول سبتمبر من العام المقبل، مع بقاء قوات في كردستان العراق، بانتظار الموافقة النهائية."));
    assert_eq!(c.story, a.story, "{c:?}");
    let d = linker.link(&article(4, 5, "beta", "اتفاق على انسحاب التحالف من العراق بحلول سبتمبر", "توصل العراق والولايات المتحدة إلى اتفاق لانسحاب قوات التحالف الدولي على مراحل حتى سبتمبر، وفق مصادر تحدثت لرويترز، فيما تبقى قوات في إقليم كردستان."));
    assert_eq!(d.story, a.story, "{d:?}");
    // Generic words only (تفاصيل، إعلان، الكشف): a story of its own.
    let e = linker.link(&article(5, 4, "gamma", "الكشف عن تفاصيل ترخيص المرائب وإعلان الشروط الجديدة", "كشفت البلدية عن تفاصيل ترخيص المرائب الخاصة وأعلنت الشروط الجديدة لأصحاب المرائب، ومنها تجديد الترخيص سنويا ودفع الرسوم إلكترونيا."));
    assert_ne!(e.story, a.story);
    assert_eq!(e.link, Link::New);
}

#[test]
fn the_window_is_publication_time_and_closes() {
    let mut linker = Setup::new();
    background(&mut linker);
    let body = "أعلنت وزارة الصحة افتتاح مستشفى جديد للأطفال في مدينة الموصل بسعة مئتي سرير، ضمن خطة لإعادة إعمار المرافق الصحية في المحافظة.";
    let a = linker.link(&article(
        1,
        0,
        "alpha",
        "افتتاح مستشفى للأطفال في الموصل",
        body,
    ));
    // The same text ten days later (a new development would be a new story): no join.
    let b = linker.link(&article(
        2,
        240,
        "beta",
        "افتتاح مستشفى للأطفال في الموصل",
        body,
    ));
    assert_ne!(a.story, b.story);
    // Arriving out of order but published within the window: joins.
    let c = linker.link(&article(
        3,
        1,
        "gamma",
        "افتتاح مستشفى للأطفال في الموصل",
        body,
    ));
    assert_eq!(c.story, a.story);
}

#[test]
fn frequencies_survive_a_restart_and_restored_stories_are_joined() {
    let mut linker = Setup::new();
    background(&mut linker);
    let body = "أعلنت وزارة الصحة افتتاح مستشفى جديد للأطفال في مدينة الموصل بسعة مئتي سرير، ضمن خطة لإعادة إعمار المرافق الصحية في المحافظة.";
    let a = article(1, 0, "alpha", "افتتاح مستشفى للأطفال في الموصل", body);
    let first = linker.link(&a);
    assert_eq!(first.representative, 1);
    let saved = linker.freq.export();
    let mut again = Setup {
        linker: Linker::new(Config::default(), 1),
        freq: Frequencies::import(&saved).expect("frequencies read back"),
    };
    again
        .linker
        .restore(again.freq.weigh(&prepare(&a)), first.story);
    assert_eq!(again.freq.export(), saved);
    assert!(
        Frequencies::import("docs 3 slots 7\n").is_none(),
        "another table size"
    );
    let b = again.link(&article(
        2,
        3,
        "beta",
        "افتتاح مستشفى للأطفال في الموصل",
        body,
    ));
    assert_eq!(b.story, first.story);
    let c = again.link(&article(
        3,
        4,
        "gamma",
        "الهلال يفوز على النصر",
        "فاز فريق الهلال على النصر بهدفين مقابل هدف في مباراة الدوري.",
    ));
    assert!(
        c.story > first.story,
        "new stories are numbered after restored ones"
    );
}

#[test]
fn batches_link_like_one_by_one_on_the_seed_situation() {
    let mut linker = Setup::new();
    background(&mut linker);
    let reuters = "قالت مصادر عراقية وأمريكية لرويترز إن بغداد وواشنطن توصلتا إلى اتفاق بشأن انسحاب قوات التحالف الدولي بقيادة الولايات المتحدة من العراق على مراحل تنتهي في سبتمبر من العام المقبل، على أن تبقى بعض القوات في إقليم كردستان العراق.";
    let copy = format!("{reuters} ولم يصدر تعليق رسمي.");
    let articles = [
        article(1, 0, "reuters", "مصادر: اتفاق أمريكي عراقي على انسحاب قوات التحالف", reuters),
        article(2, 2, "libya-paper", "تفاصيل اتفاق انسحاب قوات التحالف من العراق", &copy),
        article(3, 3, "alpha", "واشنطن وبغداد تتفقان على جدول لانسحاب قوات التحالف الدولي", "أفادت مصادر مطلعة بأن الولايات المتحدة والعراق اتفقتا على انسحاب قوات التحالف الدولي من العراق بحلول سبتمبر من العام المقبل، مع بقاء قوات في كردستان العراق."),
        article(5, 4, "gamma", "الكشف عن تفاصيل ترخيص المرائب وإعلان الشروط الجديدة", "كشفت البلدية عن تفاصيل ترخيص المرائب الخاصة وأعلنت الشروط الجديدة لأصحاب المرائب، ومنها تجديد الترخيص سنويا."),
    ];
    // Given out of order: linked by publication time.
    let prepared: Vec<Prepared> = articles.iter().rev().map(prepare).collect();
    for p in &prepared {
        linker.freq.add(p);
    }
    let out = linker.linker.link_all(linker.freq.weigh_all(&prepared, 2));
    let story = |id: i64| out.iter().find(|(a, _)| *a == id).unwrap().1.story;
    assert_eq!(story(2), story(1));
    assert_eq!(story(3), story(1));
    assert_ne!(story(5), story(1));
    let first = out.iter().find(|(a, _)| *a == 1).unwrap();
    assert_eq!(first.1.link, Link::New);
    assert_eq!(out[0].0, 1, "publication order");
}

/// A body copied thousands of times (a boilerplate page) is one story, found through the
/// newest copies; a story that large keeps a representative among its members.
#[test]
fn thousands_of_copies_make_one_story() {
    let body = "تعلن إدارة الموقع أن الصفحة المطلوبة غير متاحة حاليا بسبب أعمال الصيانة الدورية \
                للخوادم وتعتذر للقراء عن الإزعاج وتدعوهم إلى العودة لاحقا لمتابعة آخر الأخبار";
    let mut s = Setup::new();
    let mut story = None;
    for id in 1..=3000 {
        let d = s.link(&article(id, id / 100, "x.com", "صيانة", body));
        assert_eq!(*story.get_or_insert(d.story), d.story, "article {id}");
        assert!((1..=id).contains(&d.representative));
    }
}

/// A large story covers several sides of its event: an article on one side joins it by
/// the members on that side, though it is far from the others.
#[test]
fn an_article_on_one_side_of_a_large_story_joins_it() {
    let run = |top_k: usize| {
        let mut s = Setup::with_background(Config {
            top_k,
            ..Config::default()
        });
        let strike = "شنت طائرات حربية غارات على مواقع عسكرية قرب المطار الدولي ليلا، ودمرت مستودعات ذخيرة ومنصات صواريخ، وفق بيان عسكري صدر فجر الخميس.";
        let first = s.link(&article(
            1,
            0,
            "a",
            "غارات جوية على مواقع عسكرية قرب المطار",
            strike,
        ));
        let sides = [
            (2, 1, "b", "غارات ليلية تدمر مستودعات ذخيرة قرب المطار", "دمرت غارات جوية ليلية مستودعات ذخيرة ومنصات صواريخ في مواقع عسكرية قرب المطار الدولي، بحسب بيان عسكري."),
            (3, 2, "c", "الدفاع المدني: قتلى وجرحى في غارات المطار", "أعلن الدفاع المدني سقوط قتلى وجرحى في الغارات الجوية التي استهدفت مواقع عسكرية قرب المطار، ونقل المصابون إلى مستشفيات العاصمة."),
            (4, 3, "d", "حصيلة ضحايا غارات المطار ترتفع", "ارتفعت حصيلة ضحايا الغارات الجوية قرب المطار إلى قتلى وجرحى، وقال الدفاع المدني إن فرق الإنقاذ تواصل البحث في مستشفيات العاصمة."),
            (5, 4, "e", "مستشفيات العاصمة تستقبل جرحى غارات المطار", "استقبلت مستشفيات العاصمة جرحى الغارات الجوية قرب المطار، وناشد الدفاع المدني المواطنين التبرع بالدم لإنقاذ المصابين."),
            (6, 5, "g", "الدفاع المدني ينتشل ضحايا غارات المطار", "انتشلت فرق الدفاع المدني ضحايا الغارات من تحت الأنقاض قرب المطار، ونقلت الجرحى إلى مستشفيات العاصمة التي أعلنت حالة الطوارئ."),
            (7, 6, "h", "حداد على ضحايا غارات المطار", "أعلنت الحكومة الحداد ثلاثة أيام على ضحايا الغارات قرب المطار، فيما يواصل الدفاع المدني إسعاف الجرحى في مستشفيات العاصمة."),
        ];
        s.all_join(first.story, &sides);
        // Back to the strike itself: close to the first two members only.
        s.link(&article(8, 7, "f", "بيان عسكري: تدمير منصات صواريخ ومستودعات ذخيرة", "أكد بيان عسكري تدمير منصات صواريخ ومستودعات ذخيرة في مواقع عسكرية قرب المطار الدولي خلال غارات الليلة الماضية."))
            .story
            == first.story
    };
    assert!(
        run(3),
        "the article on the strike joins the story by its closest members"
    );
    // What it replaced: the mean over all members, most of them on the casualties.
    assert!(!run(0), "the mean over all members keeps it out");
}

/// Settling links a recent window's articles again together: the same stories as
/// linking them together in the first place, each keeping the id most of its articles
/// had — unless a story of the linker has that id, or a larger part of the same old
/// story takes it.
#[test]
fn settling_links_again_and_keeps_the_ids_it_can() {
    let mut setup = Setup::new();
    background(&mut setup);
    let texts = [
        ("افتتاح مستشفى للأطفال في الموصل", "أعلنت وزارة الصحة افتتاح مستشفى جديد للأطفال في مدينة الموصل بسعة مئتي سرير ضمن خطة لإعادة إعمار المرافق الصحية في المحافظة."),
        ("مستشفى جديد للأطفال يفتح أبوابه في الموصل", "افتتحت وزارة الصحة مستشفى للأطفال في الموصل بسعة مئتي سرير في إطار إعادة إعمار المرافق الصحية بالمحافظة."),
        ("الصحة تفتتح مستشفى أطفال بمئتي سرير في الموصل", "قالت وزارة الصحة إنها افتتحت مستشفى للأطفال بمئتي سرير في الموصل ضمن خطة إعمار المرافق الصحية."),
        ("الهلال يتأهل إلى نهائي كأس آسيا", "تأهل فريق الهلال إلى نهائي دوري أبطال آسيا بعد فوزه على بيروزي الإيراني بثلاثة أهداف دون رد في مباراة الإياب."),
        ("الهلال إلى نهائي آسيا بثلاثية في مرمى بيروزي", "بلغ الهلال نهائي دوري أبطال آسيا إثر فوزه على بيروزي بثلاثة أهداف نظيفة في إياب نصف النهائي."),
    ];
    let prepared: Vec<Prepared> = texts
        .iter()
        .enumerate()
        .map(|(i, (title, body))| prepare(&article(i as i64 + 1, i as i64, "alpha", title, body)))
        .collect();
    let weighted = setup.freq.add_and_weigh(&prepared, 1);
    let stories = |links: &[(i64, Decision)]| -> Vec<i64> {
        let mut v: Vec<(i64, i64)> = links.iter().map(|(id, d)| (*id, d.story)).collect();
        v.sort_unstable();
        v.into_iter().map(|(_, s)| s).collect()
    };
    let together = stories(&Linker::new(Config::default(), 50).link_all(weighted.clone()));
    assert_eq!(together[0], together[1]);
    assert_eq!(together[0], together[2]);
    assert_eq!(together[3], together[4]);
    assert_ne!(together[0], together[3]);
    // Before settling, linked a few at a time: the hospital in story 7 but for its last
    // article (story 9), and the football chained into story 7 but for one (story 8).
    let prior: FxHashMap<i64, i64> = [(1, 7), (2, 7), (3, 9), (4, 7), (5, 8)]
        .into_iter()
        .collect();
    let settled =
        stories(&Linker::new(Config::default(), 50).link_all_keeping(weighted.clone(), &prior));
    // Two of the hospital's articles had 7, one of the football's: the hospital keeps 7,
    // the football takes the other id it had.
    assert_eq!(settled, [7, 7, 7, 8, 8]);
    // A story the linker holds keeps its id to itself.
    let mut linker = Linker::new(Config::default(), 50);
    let old = setup.freq.weigh(&prepare(&article(
        99,
        -10,
        "beta",
        "ارتفاع أسعار النفط",
        "ارتفعت أسعار النفط في الأسواق العالمية بعد تراجع المخزونات.",
    )));
    linker.restore(old, 7);
    let settled = stories(&linker.link_all_keeping(weighted, &prior));
    assert_eq!(settled[..3], [9, 9, 9]);
    assert_eq!(settled[3..], [8, 8]);
}

#[test]
fn the_same_news_from_two_towns_is_two_stories() {
    // One civil defence's rescue reported by two outlets, and the same kind of rescue in
    // another province: the words alike, the towns not.
    let texts = [
        ("حرس الحدود في تبوك ينقذ طفلا من الغرق", "أنقذت دوريات حرس الحدود في تبوك طفلا من الغرق أثناء السباحة على الشاطئ ونقل إلى المستشفى وحالته مستقرة.", "تبوك"),
        ("إنقاذ طفل من الغرق في تبوك", "تمكنت دوريات حرس الحدود من إنقاذ طفل من الغرق أثناء السباحة على شاطئ تبوك ونقل إلى المستشفى وحالته مستقرة.", "تبوك"),
        ("حرس الحدود في الشرقية ينقذ 13 شخصا من الغرق خلال العيد", "أنقذت دوريات حرس الحدود في الشرقية ثلاثة عشر شخصا من الغرق على شواطئ المنطقة خلال إجازة العيد بينهم طفل نقل إلى المستشفى.", "المنطقة الشرقية"),
    ];
    let link = |place_conflict: f32, places: bool| -> Vec<i64> {
        let prepared: Vec<Prepared> = texts
            .iter()
            .enumerate()
            .map(|(i, (title, body, place))| {
                let p = prepare(&article(i as i64 + 1, i as i64, "alpha", title, body));
                p.with_places(places.then(|| term_hash(place)))
            })
            .collect();
        let mut setup = Setup::new();
        background(&mut setup);
        let weighted = setup.freq.add_and_weigh(&prepared, 1);
        let config = Config {
            place_conflict,
            ..Config::default()
        };
        let mut links = Linker::new(config, 50).link_all(weighted);
        links.sort_unstable_by_key(|(id, _)| *id);
        links.into_iter().map(|(_, d)| d.story).collect()
    };
    // Without the towns the words make them one story.
    let words_only = link(PLACE_CONFLICT, false);
    assert!(
        words_only.iter().all(|&s| s == words_only[0]),
        "{words_only:?}"
    );
    let towns = link(PLACE_CONFLICT, true);
    assert_eq!(towns[0], towns[1]);
    assert_ne!(towns[0], towns[2]);
}

/// A long archive linked in one run keeps only the recent window in memory: months of
/// articles, each its own story, leave about two windows' worth of stories and
/// near-duplicate entries (and the expiry's slack), not all of them.
#[test]
fn a_long_run_keeps_only_the_window() {
    let mut linker = Linker::new(Config::default(), 1);
    let mut freq = Frequencies::default();
    let words = [
        "مدينة",
        "قرية",
        "سوق",
        "مدرسة",
        "جسر",
        "ميناء",
        "مصنع",
        "مطار",
        "حديقة",
        "مستشفى",
        "ملعب",
        "متحف",
        "مكتبة",
        "طريق",
        "سد",
        "محطة",
    ];
    let (days, per_day) = (120, 40);
    let mut id = 0;
    for day in 0..days {
        let batch: Vec<Weighted> = (0..per_day)
            .map(|i| {
                id += 1;
                // Distinct words per article: each is its own story.
                let body: String = (0..40)
                    .map(|k| {
                        format!(
                            "{}{} ",
                            words[(id as usize + k) % words.len()],
                            id * 100 + k as i64
                        )
                    })
                    .collect();
                let title = format!("خبر رقم {id}");
                let p = prepare(&ArticleIn {
                    id,
                    time: T0 + day * 86_400 + i * 600,
                    outlet: None,
                    title: &title,
                    lead: "",
                    body: &body,
                });
                freq.add(&p);
                freq.weigh(&p)
            })
            .collect();
        linker.link_all(batch);
    }
    let in_window = (2 * linker.config.window / 86_400) as usize * per_day as usize;
    let bound = in_window + 1000 + per_day as usize;
    assert!(
        linker.stories.len() <= bound && linker.recent.len() <= bound,
        "{} stories and {} recent articles kept after {} linked (bound {bound})",
        linker.stories.len(),
        linker.recent.len(),
        id
    );
}

/// A large story scores an article by its closest members (`top_k`), so without a look at
/// the whole it takes any article close to three of them: here the day's round-ups of a
/// king's audiences, three of which also tell of the crown prince's own meeting. The
/// report on that meeting alone resembles those three, neither the story nor its first
/// report.
#[test]
fn a_story_does_not_take_what_only_a_few_of_its_members_mention() {
    let run = |centroid_guard: f32| {
        let mut s = Setup::with_background(Config {
            centroid_guard,
            ..Config::default()
        });
        let visit = "استقبل الملك في قصره بجدة وزير الدفاع الأمريكي، وبحث معه التعاون العسكري بين البلدين ومستجدات الأوضاع في المنطقة.";
        let chechen = "والتقى ولي ولي العهد رئيس جمهورية الشيشان وبحث معه العلاقات الثنائية والموضوعات ذات الاهتمام المشترك.";
        let roundups: Vec<String> = (0..3)
            .map(|i| {
                format!(
                    "{visit} {chechen} {}",
                    [
                        "حضر اللقاء عدد من الأمراء.",
                        "وحضر الاستقبال كبار المسؤولين.",
                        "وجرى خلال اللقاء استعراض الأوضاع."
                    ][i]
                )
            })
            .collect();
        let first = s.link(&article(
            1,
            0,
            "a",
            "الملك يستقبل وزير الدفاع الأمريكي في جدة",
            &format!("{visit} وحضر الاستقبال ولي ولي العهد."),
        ));
        let members = [
            (2, 1, "b", "الملك يبحث مع وزير الدفاع الأمريكي التعاون العسكري", roundups[0].as_str()),
            (3, 2, "c", "خادم الحرمين يستقبل وزير الدفاع الأمريكي", roundups[1].as_str()),
            (4, 3, "d", "الملك ووزير الدفاع الأمريكي يبحثان مستجدات المنطقة", roundups[2].as_str()),
            (5, 4, "e", "وزير الدفاع الأمريكي: الملك يزور واشنطن في الخريف", "قال وزير الدفاع الأمريكي بعد لقائه الملك في جدة إن الملك سيزور واشنطن في الخريف، وإن المباحثات تناولت التعاون العسكري."),
            (6, 5, "f", "تأكيد أمريكي على أمن المنطقة بعد لقاء الملك ووزير الدفاع", "أكد وزير الدفاع الأمريكي في جدة بعد لقائه الملك التزام واشنطن بأمن المنطقة والتعاون العسكري مع المملكة."),
        ];
        s.all_join(first.story, &members);
        s.link(&article(7, 6, "g", "ولي ولي العهد يلتقي رئيس جمهورية الشيشان", "التقى ولي ولي العهد رئيس جمهورية الشيشان في جدة، وبحث معه العلاقات الثنائية والموضوعات ذات الاهتمام المشترك."))
            .story
            != first.story
    };
    assert!(run(CENTROID_GUARD), "the meeting is a story of its own");
    assert!(
        !run(0.0),
        "what the guard stops: three round-ups take the meeting"
    );
}
