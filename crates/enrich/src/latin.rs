//! Named entities of English and French text: people, places and organisations found from
//! capitalization, titles and a gazetteer, the way a careful reader of a Latin-script page
//! spots them.
//!
//! A name is a run of capitalized words, perhaps joined by the particles names hold (Bank
//! of England, Mohammed bin Salman, Côte d'Ivoire). A run is a **place** or a known
//! **organisation** when the gazetteer says so — written then with the canonical name the
//! Arabic gazetteer gives it ([`crate::entities`]), so that Iraq, Irak and العراق are one
//! entity to filter and count whatever language the outlet wrote in; an **organisation**
//! when one of its words says what kind of body it is (Ministry, Party, Council, Bank,
//! Université …) or it is an acronym named twice; a **person** when a title or role goes
//! before it (President Donald Trump, Secretary of State Mike Pompeo, le président
//! Emmanuel Macron, Mr Musk), its first word is a common given name, it says or is said of
//! (…, Sophie Binet said / a déclaré), or its last word is used alone later in the text,
//! as a family name is. A family name alone then counts as a mention of the full name.
//! Runs that none of these tells apart (a headline's capitals, a sentence's first word)
//! are left out: precision over recall, as for Arabic.

use crate::entities::{Entity, Kind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

/// Places: (canonical name as the Arabic gazetteer writes it, English and French names).
/// Facts written for rasid.
const PLACES: &[(&str, &[&str])] = &[
    ("العراق", &["Iraq", "Irak"]),
    ("بغداد", &["Baghdad", "Bagdad"]),
    ("البصرة", &["Basra", "Bassora"]),
    ("الموصل", &["Mosul", "Mossoul"]),
    ("أربيل", &["Erbil"]),
    ("كردستان العراق", &["Iraqi Kurdistan", "Kurdistan irakien"]),
    ("سوريا", &["Syria", "Syrie"]),
    ("دمشق", &["Damascus", "Damas"]),
    ("حلب", &["Aleppo", "Alep"]),
    ("إدلب", &["Idlib"]),
    ("حمص", &["Homs"]),
    ("درعا", &["Daraa", "Deraa"]),
    ("الرقة", &["Raqqa"]),
    ("دير الزور", &["Deir ez-Zor", "Deir Ezzor"]),
    ("عفرين", &["Afrin"]),
    ("الغوطة الشرقية", &["Eastern Ghouta", "Ghouta orientale"]),
    ("الجولان", &["Golan", "Golan Heights", "plateau du Golan"]),
    ("لبنان", &["Lebanon", "Liban"]),
    ("بيروت", &["Beirut", "Beyrouth"]),
    ("الأردن", &["Jordanie"]),
    ("عمان", &["Amman"]),
    ("فلسطين", &["Palestine"]),
    ("القدس", &["Jerusalem", "Jérusalem"]),
    ("قطاع غزة", &["Gaza", "Gaza Strip", "bande de Gaza"]),
    ("الضفة الغربية", &["West Bank", "Cisjordanie"]),
    ("رام الله", &["Ramallah"]),
    ("إسرائيل", &["Israel", "Israël"]),
    ("تل أبيب", &["Tel Aviv"]),
    ("مصر", &["Egypt", "Égypte", "Egypte"]),
    ("القاهرة", &["Cairo", "Le Caire"]),
    ("الإسكندرية", &["Alexandria", "Alexandrie"]),
    ("سيناء", &["Sinai", "Sinaï"]),
    ("السودان", &["Sudan", "Soudan"]),
    ("الخرطوم", &["Khartoum"]),
    ("دارفور", &["Darfur", "Darfour"]),
    ("ليبيا", &["Libya", "Libye"]),
    ("طرابلس", &["Tripoli"]),
    ("بنغازي", &["Benghazi"]),
    ("تونس", &["Tunisia", "Tunisie", "Tunis"]),
    ("الجزائر", &["Algeria", "Algérie", "Algiers", "Alger"]),
    ("المغرب", &["Morocco", "Maroc"]),
    ("الرباط", &["Rabat"]),
    ("الدار البيضاء", &["Casablanca"]),
    ("موريتانيا", &["Mauritania", "Mauritanie"]),
    (
        "السعودية",
        &["Saudi Arabia", "Arabie saoudite", "Arabie Saoudite"],
    ),
    ("الرياض", &["Riyadh", "Riyad"]),
    ("جدة", &["Jeddah", "Djeddah"]),
    ("مكة المكرمة", &["Mecca", "La Mecque"]),
    ("المدينة المنورة", &["Medina", "Médine"]),
    ("الكويت", &["Kuwait", "Koweït"]),
    ("قطر", &["Qatar"]),
    ("الدوحة", &["Doha"]),
    ("البحرين", &["Bahrain", "Bahreïn"]),
    ("المنامة", &["Manama"]),
    (
        "الإمارات",
        &[
            "United Arab Emirates",
            "UAE",
            "Émirats arabes unis",
            "Emirats arabes unis",
        ],
    ),
    ("أبوظبي", &["Abu Dhabi", "Abou Dhabi"]),
    ("دبي", &["Dubai", "Dubaï"]),
    ("سلطنة عمان", &["Oman"]),
    ("مسقط", &["Muscat", "Mascate"]),
    ("اليمن", &["Yemen", "Yémen"]),
    ("صنعاء", &["Sanaa", "Sana'a"]),
    ("عدن", &["Aden"]),
    ("الحديدة", &["Hodeidah", "Hodeïda"]),
    ("إيران", &["Iran"]),
    ("طهران", &["Tehran", "Téhéran"]),
    ("تركيا", &["Turkey", "Türkiye", "Turquie"]),
    ("أنقرة", &["Ankara"]),
    ("إسطنبول", &["Istanbul"]),
    ("أفغانستان", &["Afghanistan"]),
    ("كابول", &["Kabul", "Kaboul"]),
    ("باكستان", &["Pakistan"]),
    ("إسلام آباد", &["Islamabad"]),
    ("كشمير", &["Kashmir", "Cachemire"]),
    ("الهند", &["India", "Inde"]),
    ("نيودلهي", &["New Delhi"]),
    ("بنغلاديش", &["Bangladesh"]),
    ("الصين", &["China", "Chine"]),
    ("بكين", &["Beijing", "Pékin"]),
    ("هونغ كونغ", &["Hong Kong"]),
    ("تايوان", &["Taiwan", "Taïwan"]),
    ("اليابان", &["Japan", "Japon"]),
    ("طوكيو", &["Tokyo"]),
    ("كوريا الشمالية", &["North Korea", "Corée du Nord"]),
    ("كوريا الجنوبية", &["South Korea", "Corée du Sud"]),
    ("بيونغ يانغ", &["Pyongyang"]),
    ("سيول", &["Seoul", "Séoul"]),
    ("الفلبين", &["Philippines"]),
    ("تايلاند", &["Thailand", "Thaïlande"]),
    ("فيتنام", &["Vietnam", "Viêt Nam"]),
    ("ميانمار", &["Myanmar", "Birmanie"]),
    ("سنغافورة", &["Singapore", "Singapour"]),
    ("ماليزيا", &["Malaysia", "Malaisie"]),
    ("إندونيسيا", &["Indonesia", "Indonésie"]),
    ("أستراليا", &["Australia", "Australie"]),
    ("نيوزيلندا", &["New Zealand", "Nouvelle-Zélande"]),
    ("روسيا", &["Russia", "Russie"]),
    ("موسكو", &["Moscow", "Moscou"]),
    ("القرم", &["Crimea", "Crimée"]),
    ("أوكرانيا", &["Ukraine"]),
    ("كييف", &["Kyiv", "Kiev"]),
    ("بيلاروسيا", &["Belarus", "Biélorussie"]),
    ("أرمينيا", &["Armenia", "Arménie"]),
    ("أذربيجان", &["Azerbaijan", "Azerbaïdjan"]),
    ("كازاخستان", &["Kazakhstan"]),
    (
        "الولايات المتحدة",
        &[
            "United States",
            "United States of America",
            "US",
            "USA",
            "America",
            "États-Unis",
            "Etats-Unis",
        ],
    ),
    ("واشنطن", &["Washington"]),
    ("نيويورك", &["New York"]),
    ("كاليفورنيا", &["California", "Californie"]),
    ("تكساس", &["Texas"]),
    ("فلوريدا", &["Florida", "Floride"]),
    ("شيكاغو", &["Chicago"]),
    ("لوس أنجلوس", &["Los Angeles"]),
    ("سان فرانسيسكو", &["San Francisco"]),
    ("كندا", &["Canada"]),
    ("أوتاوا", &["Ottawa"]),
    ("المكسيك", &["Mexique"]),
    ("كوبا", &["Cuba"]),
    ("فنزويلا", &["Venezuela"]),
    ("كولومبيا", &["Colombia", "Colombie"]),
    ("البرازيل", &["Brazil", "Brésil"]),
    ("الأرجنتين", &["Argentina", "Argentine"]),
    ("تشيلي", &["Chile", "Chili"]),
    ("بيرو", &["Peru", "Pérou"]),
    ("أوروغواي", &["Uruguay"]),
    (
        "بريطانيا",
        &[
            "Britain",
            "Great Britain",
            "United Kingdom",
            "UK",
            "Royaume-Uni",
            "Grande-Bretagne",
        ],
    ),
    ("لندن", &["London", "Londres"]),
    ("إنجلترا", &["England", "Angleterre"]),
    ("اسكتلندا", &["Scotland", "Écosse"]),
    ("أيرلندا", &["Ireland", "Irlande"]),
    ("فرنسا", &["France"]),
    ("باريس", &["Paris"]),
    ("مرسيليا", &["Marseille", "Marseilles"]),
    ("ستراسبورغ", &["Strasbourg"]),
    ("ألمانيا", &["Germany", "Allemagne"]),
    ("برلين", &["Berlin"]),
    ("ميونخ", &["Munich"]),
    ("إيطاليا", &["Italy", "Italie"]),
    ("روما", &["Rome"]),
    ("ميلانو", &["Milan"]),
    ("إسبانيا", &["Spain", "Espagne"]),
    ("مدريد", &["Madrid"]),
    ("برشلونة", &["Barcelona", "Barcelone"]),
    ("كتالونيا", &["Catalonia", "Catalogne"]),
    ("البرتغال", &["Portugal"]),
    ("بلجيكا", &["Belgium", "Belgique"]),
    ("بروكسل", &["Brussels", "Bruxelles"]),
    ("هولندا", &["Netherlands", "Pays-Bas"]),
    ("أمستردام", &["Amsterdam"]),
    ("لاهاي", &["The Hague", "La Haye"]),
    ("سويسرا", &["Switzerland", "Suisse"]),
    ("جنيف", &["Geneva", "Genève"]),
    ("النمسا", &["Austria", "Autriche"]),
    ("فيينا", &["Vienna", "Vienne"]),
    ("السويد", &["Sweden", "Suède"]),
    ("النرويج", &["Norway", "Norvège"]),
    ("الدنمارك", &["Denmark", "Danemark"]),
    ("فنلندا", &["Finland", "Finlande"]),
    ("بولندا", &["Poland", "Pologne"]),
    ("المجر", &["Hungary", "Hongrie"]),
    (
        "التشيك",
        &["Czech Republic", "Czechia", "République tchèque"],
    ),
    ("رومانيا", &["Romania", "Roumanie"]),
    ("صربيا", &["Serbia", "Serbie"]),
    ("كرواتيا", &["Croatia", "Croatie"]),
    ("اليونان", &["Greece", "Grèce"]),
    ("أثينا", &["Athens", "Athènes"]),
    ("قبرص", &["Cyprus", "Chypre"]),
    ("أوروبا", &["Europe"]),
    (
        "الاتحاد السوفياتي",
        &["Soviet Union", "USSR", "Union soviétique", "URSS"],
    ),
    ("أفريقيا", &["Africa", "Afrique"]),
    ("إثيوبيا", &["Ethiopia", "Éthiopie"]),
    ("الصومال", &["Somalia", "Somalie"]),
    ("كينيا", &["Kenya"]),
    ("نيروبي", &["Nairobi"]),
    ("نيجيريا", &["Nigeria"]),
    ("مالي", &["Mali"]),
    ("النيجر", &["Niger"]),
    ("تشاد", &["Tchad"]),
    ("السنغال", &["Senegal", "Sénégal"]),
    ("الكاميرون", &["Cameroon", "Cameroun"]),
    ("الكونغو", &["Congo"]),
    ("ساحل العاج", &["Ivory Coast", "Côte d'Ivoire"]),
    ("جنوب أفريقيا", &["South Africa", "Afrique du Sud"]),
    ("الشرق الأوسط", &["Middle East", "Moyen-Orient"]),
    (
        "الخليج العربي",
        &["Persian Gulf", "Arabian Gulf", "golfe Persique"],
    ),
];

/// Organisations the Arabic gazetteer names too: (its canonical name, English and French
/// names and acronyms).
const ORGANISATIONS: &[(&str, &[&str])] = &[
    (
        "الأمم المتحدة",
        &[
            "United Nations",
            "UN",
            "Nations unies",
            "Nations Unies",
            "ONU",
        ],
    ),
    (
        "مجلس الأمن",
        &[
            "Security Council",
            "UN Security Council",
            "Conseil de sécurité",
        ],
    ),
    ("حلف شمال الأطلسي", &["NATO", "Nato", "OTAN", "Otan"]),
    (
        "الاتحاد الأوروبي",
        &["European Union", "EU", "Union européenne", "UE"],
    ),
    ("جامعة الدول العربية", &["Arab League", "Ligue arabe"]),
    (
        "تنظيم الدولة الإسلامية",
        &[
            "Islamic State",
            "ISIS",
            "ISIL",
            "Daesh",
            "État islamique",
            "Etat islamique",
        ],
    ),
    ("حركة حماس", &["Hamas"]),
    ("حزب الله", &["Hezbollah"]),
    ("البنك الدولي", &["World Bank", "Banque mondiale"]),
    (
        "صندوق النقد الدولي",
        &[
            "International Monetary Fund",
            "IMF",
            "FMI",
            "Fonds monétaire international",
        ],
    ),
    (
        "منظمة الصحة العالمية",
        &[
            "World Health Organization",
            "WHO",
            "OMS",
            "Organisation mondiale de la santé",
        ],
    ),
    ("أوبك", &["OPEC", "OPEP", "Opep"]),
    ("رويترز", &["Reuters"]),
];

/// Words that say a name is a body's (matched lowercased on any word of the run).
const ORG_WORDS: &str = "\
    ministry ministère department agency agence party parti council conseil commission \
    committee comité bank banque fund fonds university université college institute \
    institut foundation fondation association federation fédération union league ligue \
    corporation corp inc ltd llc plc group groupe company airlines airways army armée navy \
    police court cour tribunal assembly assemblée parliament parlement senate sénat \
    congress congrès house office organization organisation authority autorité network \
    times post journal news club fc church église front movement mouvement coalition \
    alliance brigades board exchange bourse motors systems technologies studios reserve \
    pentagon kremlin élysée elysée \
    center centre school hospital hôpital museum musée government gouvernement \
    administration directorate staff \
    electronics holdings industries pharmaceuticals robotics semiconductor \
    entertainment media records labs service services";

/// Titles and roles a person's name follows (lowercased, without a final period).
const TITLES: &str = "\
    president président présidente minister ministre secretary secrétaire senator sen \
    sénateur sénatrice rep representative congressman congresswoman governor gov gouverneur \
    mayor maire chancellor chancelier chancelière king roi queen reine prince princess \
    princesse pope pape sheikh cheikh emir émir general gen général colonel col lieutenant \
    lt captain capt commander commandant admiral amiral sergeant sgt mr mrs ms mme mlle dr \
    prof professor professeur sir dame lord lady judge juge justice speaker chairman \
    chairwoman ceo director directeur directrice ambassador ambassadeur ambassadrice \
    spokesman spokeswoman spokesperson porte-parole envoy envoyé député députée coach \
    entraîneur striker midfielder goalkeeper defender attaquant milieu gardien leader \
    dirigeant chef ayatollah imam patriarch rabbi pm dictator founder fondateur fondatrice \
    actor actress acteur actrice singer chanteur chanteuse writer author écrivain auteur \
    journalist journaliste economist économiste analyst analyste";

/// Words inside a title of several words (Secretary of State, Foreign Minister, Crown
/// Prince, Attorney General), besides [`TITLES`]: what comes after the last of them is
/// the name.
const TITLE_PARTS: &str = "\
    vice prime premier deputy foreign defense defence interior state finance economy health \
    education trade energy attorney executive chief officer national security adviser \
    advisor opposition former acting late incoming outgoing crown supreme grand affaires \
    étrangères intérieur ancien ancienne head \
    prosecutor procureur procureure prosecution public senior assistant associate \
    administrator commissioner inspector superintendent";

/// Verbs of saying that follow a person's name (…, Sophie Binet said).
const SAID: &str = "\
    said says told added wrote tweeted explained declared stated insisted warned argued \
    announced confirmed denied dit déclare affirme estime explique ajoute annonce souligne \
    assure indique";

/// French pasts of saying after «a» (Sophie Binet a déclaré).
const SAID_PAST: &str = "\
    déclaré dit affirmé estimé expliqué ajouté annoncé souligné assuré indiqué averti \
    prévenu jugé réagi";

/// Given names common in the news of English and French outlets (lowercased).
const GIVEN: &str = "\
    abdullah abdel adam ahmed ahmad alain alan alex alexander alexandre alexei ali alice \
    amy andrew andré angela anna anne anthony antoine antonio bashar ben benjamin bernard \
    bernie bill boris brian bruno carlos caroline catherine charles chris christian \
    christine christopher claire claude daniel david dmitry donald edouard édouard \
    elizabeth elon emmanuel emily eric éric fabien françois francois frank gabriel george \
    georges gérald gerald hassan henri henry hillary hugo ibrahim isabelle jack jacques \
    james jane janet jared javier jean jeff jeremy jérôme jim joe john jordan jose josé \
    joseph julia julie justin karim kamala keir kevin khalid kim laurent lionel liz louis \
    luc lucas luis manuel marc marco maria marie marine mark martin mary matthew michael \
    michel mike mohamed mohammad mohammed muhammad nancy narendra nicolas nicola olaf \
    olivier pascal patrick paul pedro peter philippe pierre rachel rami recep richard rishi \
    robert roger ron sarah sébastien sergei sergey simon sophie stephen steve steven susan \
    thierry thomas tim tom tony valérie vincent vladimir volodymyr william xavier yves \
    yousef youssef";

/// Capitalized words that open sentences and phrases, not names (lowercased).
const OPENERS: &str = "\
  the a an in on at for but and or if when while after before as this that these those it \
  he she they we i his her their our my its some many most all no not yet so since with \
  without from by to of last next former according meanwhile however also under over \
  during amid despite following there here what who why how where le la les l un une des \
  du de d dans pour mais et ou si quand après avant ce cette ces cet il elle ils elles \
  nous on son sa ses leur leurs selon en au aux par sur sous depuis lors pendant malgré \
  comme ainsi alors enfin mr monday tuesday wednesday thursday friday saturday sunday \
  january february march april may june july august september october november december \
  lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin \
  juillet août septembre octobre novembre décembre \
    although though because now then today yesterday tomorrow whenever until unless \
    once even still instead indeed perhaps maybe already again thus therefore besides \
    moreover furthermore nevertheless nonetheless overall finally first second third only \
    just both each every any such another other one two three several few much more less \
    very well yes cependant pourtant toutefois hier demain puis ensuite déjà encore aussi \
    même tous toutes chaque plusieurs autre quelques lorsque puisque car donc voici voilà";

/// Days and months: a name ends before them (Jerusalem on Tuesday).
const DATES: &str = "\
    monday tuesday wednesday thursday friday saturday sunday january february march april \
    may june july august september october november december lundi mardi mercredi jeudi \
    vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre \
    octobre novembre décembre";

/// Adjectives of origin that go before names (lowercased).
const DEMONYMS: &str = "\
    american british french german russian chinese iranian iraqi syrian israeli \
    palestinian saudi turkish egyptian afghan australian swedish spanish italian japanese \
    korean indian pakistani ukrainian lebanese jordanian yemeni libyan tunisian algerian \
    moroccan sudanese qatari emirati kuwaiti kurdish european african arab western \
    canadian mexican brazilian dutch belgian swiss polish greek irish scottish english \
    américain américaine britannique français française allemand allemande russe chinois \
    chinoise iranien iranienne irakien irakienne syrien syrienne israélien israélienne \
    palestinien palestinienne saoudien saoudienne turc turque égyptien égyptienne \
    ukrainien ukrainienne libanais libanaise marocain marocaine algérien algérienne \
    tunisien tunisienne européen européenne";

/// Words of a place's name (Hart Island, South East Asia, Red Sea): a run holding one
/// is a place, whatever else the rules would read in it.
const GEO_WORDS: &str = "\
    north south east west central asia island islands river lake mount mountains sea \
    ocean valley bay county province region street avenue road square bridge airport \
    peninsula desert coast gulf strait canal île fleuve mer océan rue place pont aéroport";

/// Articles and possessives: a capitalized word after one names a thing, no person
/// (the Hub, la Lune, its Homekit).
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "its", "our", "your", "their", "le", "la", "les", "un",
    "une", "ce", "cette", "son", "sa", "ses",
];

/// Particles a name holds between its capitalized words.
const PARTICLES: &str = "\
    of de du des la le d' l' van von der den al el bin ibn di da del dos the for";

/// Acronyms that name no body (an office, a measure, a currency, a disease).
const NOT_ORG_ACRONYMS: &str = "\
    CEO CFO COO CTO GDP PIB USD EUR GBP PDG TVA VAT SUV DNA ADN HIV VIH SIDA AIDS COVID \
    LGBT LGBTQ GMT UTC CET IPO ETF FAQ PDF USB GPS SMS API CPU GPU NGO ONG VIP RSS PHD MVP \
    BBQ DIY AFP AP IA AI";

static GAZETTEER: LazyLock<FxHashMap<String, (&'static str, Kind)>> = LazyLock::new(|| {
    let mut map = FxHashMap::default();
    for (list, kind) in [(PLACES, Kind::Place), (ORGANISATIONS, Kind::Organisation)] {
        for (canonical, names) in list {
            for name in *names {
                map.insert(key(name), (*canonical, kind));
            }
        }
    }
    map
});

static ORG_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(ORG_WORDS));
static TITLE_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(TITLES));
static TITLE_PART_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(TITLE_PARTS));
static GIVEN_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(GIVEN));
static OPENER_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(OPENERS));

static GEO_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(GEO_WORDS));
static DATE_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(DATES));
static DEMONYM_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(DEMONYMS));
static PARTICLE_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(PARTICLES));
static SAID_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(SAID));
static SAID_PAST_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(SAID_PAST));
static NOT_ORG_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(NOT_ORG_ACRONYMS));

fn set(list: &'static str) -> FxHashSet<&'static str> {
    list.split_whitespace().collect()
}

/// A name's lookup key: lowercased, periods and curly apostrophes folded (U.S. → us).
fn key(name: &str) -> String {
    name.chars()
        .filter(|&c| c != '.')
        .map(|c| if c == '’' { '\'' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether most of a text's letters are Latin ones: an English or French article (an
/// Arabic one quoting a Latin name is not).
pub fn is_latin_text(title: &str, body: &str) -> bool {
    // The first 400 letters tell, read on the bytes (every article goes through here): an
    // ASCII letter or a Latin-1 or Latin Extended-A/B letter's lead byte (U+00C0–U+024F)
    // is Latin, any other lead byte of a letter (Arabic's 0xD8–0xDB …) is not.
    let (mut latin, mut other) = (0usize, 0usize);
    for &b in title.as_bytes().iter().chain(body.as_bytes()) {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | 0xC3..=0xC9 => latin += 1,
            0xCA..=0xF4 => other += 1,
            _ => continue,
        }
        if latin + other >= 400 {
            break;
        }
    }
    latin > 0 && latin > 2 * other
}

/// A word of the text, as written, with what comes before it.
#[derive(Debug)]
struct Word<'a> {
    text: &'a str,
    /// Punctuation (not a space) between it and the word before.
    brk: bool,
    /// The first word of a sentence (or of the text, or of a line).
    opens: bool,
    /// Written with a possessive 's (left off): a name ends there (Musk's SpaceX).
    possessive: bool,
}

impl Word<'_> {
    fn lower(&self) -> String {
        key(self.text)
    }

    /// Capitalized, or an Arabic name's article before a capital (al-Sudani, el-Sisi).
    fn capitalized(&self) -> bool {
        let upper = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
        // (A word with digits is a code, not a name's: JO-2024, CMAL3.)
        !self.text.chars().any(|c| c.is_ascii_digit())
            && (upper(self.text)
                || ["al-", "el-", "ad-", "as-", "ash-", "at-", "az-", "an-"]
                    .iter()
                    .any(|p| self.text.strip_prefix(p).is_some_and(upper)))
    }

    /// All capitals, two letters or more (NATO, U.S.).
    fn acronym(&self) -> bool {
        let letters: Vec<char> = self.text.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    }
}

/// The words of `text`: letters, digits and the apostrophes, hyphens and acronym periods
/// inside them; a possessive 's is left off, and a French elision (d', l') is a word of its
/// own.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    let (mut brk, mut opens) = (false, true);
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let inner = |i: usize| {
        let (_, c) = chars[i];
        matches!(c, '\'' | '’' | '-' | '.')
            && i > 0
            && chars[i - 1].1.is_alphanumeric()
            && chars.get(i + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
            // A period inside only after a single capital (U.S.), not between sentences.
            && (c != '.'
                || (chars[i - 1].1.is_uppercase() && (i < 2 || !chars[i - 2].1.is_alphanumeric())))
    };
    for (i, &(at, c)) in chars.iter().enumerate() {
        if c.is_alphanumeric() || (start.is_some() && inner(i)) {
            start.get_or_insert(at);
            continue;
        }
        if let Some(s) = start.take() {
            push_word(&text[s..at], brk, opens, &mut out);
            (brk, opens) = (false, false);
        }
        // An initial's or a title's period (Donald J. Trump, Mr. Musk, Gen. Milley) ends no
        // sentence and breaks no name.
        let initial = c == '.'
            && out.last().is_some_and(|w: &Word<'_>| {
                let short = w.text.chars().count() == 1
                    || (w.text.chars().count() <= 4 && TITLE_SET.contains(w.lower().as_str()));
                short && w.capitalized() && text[..at].ends_with(w.text)
            });
        if initial {
            continue;
        }
        if !c.is_whitespace() {
            brk = true;
        }
        if matches!(c, '.' | '!' | '?' | '\n' | ':' | '«' | '"' | '“') {
            opens = true;
        }
    }
    if let Some(s) = start {
        push_word(&text[s..], brk, opens, &mut out);
    }
    out
}

/// Pushes a word as [`words`] reads it: a possessive left off (Musk's → Musk), an elision
/// its own word (d'Ivoire → d' Ivoire, l'Intérieur → l' Intérieur).
fn push_word<'a>(mut w: &'a str, brk: bool, opens: bool, out: &mut Vec<Word<'a>>) {
    let mut possessive = false;
    for p in ["'s", "’s"] {
        // (A plural's possessive is a body's name's word, kept whole: People's Liberation
        // Army, Women's March, Children's Hospital.)
        if let Some(rest) = w
            .strip_suffix(p)
            .filter(|r| !r.is_empty() && !["People", "Women", "Children", "Men"].contains(r))
        {
            w = rest;
            possessive = true;
        }
    }
    let elided = w.char_indices().nth(1).and_then(|(i, c)| {
        (matches!(c, '\'' | '’') && w[..i].chars().all(|c| "dDlLjJnNsScCmMtT".contains(c)))
            .then_some(i + c.len_utf8())
    });
    match elided.filter(|&at| at < w.len()) {
        Some(at) => {
            out.push(Word {
                text: &w[..at],
                brk,
                opens,
                possessive: false,
            });
            out.push(Word {
                text: &w[at..],
                brk: false,
                opens: false,
                possessive,
            });
        }
        None => out.push(Word {
            text: w,
            brk,
            opens,
            possessive,
        }),
    }
}

/// A run of capitalized words (with the particles between them): `from..to` in the words.
fn runs(words: &[Word<'_>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if !words[i].capitalized() {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while !words[end - 1].possessive {
            let next = end;
            // Particles, then a capitalized word, none after punctuation.
            let mut j = next;
            while j < words.len()
                && !words[j].brk
                && !words[j].capitalized()
                && PARTICLE_SET.contains(words[j].lower().as_str())
                && j - next < 2
            {
                j += 1;
            }
            if j < words.len() && !words[j].brk && words[j].capitalized() && !words[j].opens {
                end = j + 1;
            } else {
                break;
            }
        }
        let end = gazetteer_end(words, i, end);
        let end = spelled_out_end(words, i, end);
        out.push((i, end));
        i = end;
    }
    joined_bodies(words, out)
}

/// Words in small letters a gazetteer name goes on with after a run (Arabie saoudite,
/// Nations unies, Organisation mondiale de la santé): where the run ends if it is one —
/// the longest such name, from any of the run's words (La Banque mondiale).
fn gazetteer_end(words: &[Word<'_>], from: usize, to: usize) -> usize {
    let mut end = to;
    let mut j = to;
    while j < words.len() && j < to + 4 && !words[j].brk && !words[j].possessive {
        j += 1;
        let named = (from..to).any(|s| GAZETTEER.contains_key(&key(&text(words, s, j))));
        if named {
            end = j;
        }
    }
    end
}

/// Small words an acronym leaves out (Commission nationale de contrôle des techniques de
/// renseignement: CNCTR).
const ACRONYM_SKIPS: &str =
    "of the for and on in at to de du des la le les l' d' sur pour et en à au aux";

static ACRONYM_SKIP_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(ACRONYM_SKIPS));

/// Where a run ends that goes on in small letters to the acronym of it all after a break
/// (Commission nationale de contrôle des techniques de renseignement (CNCTR), Agence
/// nationale de sécurité du médicament (ANSM)): before the acronym, when its letters are
/// the initials of the words from the run's first (the small ones left out); else `to`.
fn spelled_out_end(words: &[Word<'_>], from: usize, to: usize) -> usize {
    let Some(k) = (to..words.len().min(to + 10)).find(|&k| words[k].brk) else {
        return to;
    };
    if k == to || !words[k].acronym() {
        return to;
    }
    // From any of the run's words: the sentence's first (La, The) is not in it.
    if (from..to).any(|s| spelled_out(words, s, k)) {
        k
    } else {
        to
    }
}

/// Whether the word at `k` is an acronym whose letters are the initials of the words
/// `from..k` (the small ones of [`ACRONYM_SKIPS`] left out).
fn spelled_out(words: &[Word<'_>], from: usize, k: usize) -> bool {
    let Some(w) = words.get(k).filter(|w| w.acronym()) else {
        return false;
    };
    let acronym = w
        .text
        .chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase);
    let initials = words[from..k]
        .iter()
        .filter(|w| !ACRONYM_SKIP_SET.contains(w.lower().as_str()))
        .filter_map(|w| w.text.chars().next())
        .flat_map(char::to_lowercase);
    acronym.eq(initials)
}

/// Runs joined by a bare «and» or «&» when what follows names a body by its last word
/// (Securities and Exchange Commission, Food and Drug Administration): one name — unless
/// the first is a name of its own: the gazetteer's (France and European Commission), a
/// body's, ending as one (Emory University and Oglethorpe University — but Department of
/// Health and Human Services is one body), or a titled person's (Secretary Pompeo and
/// State Department).
fn joined_bodies(words: &[Word<'_>], runs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (a, b) in runs {
        if let Some(last) = out.last_mut() {
            let and = last.1 + 1 == a
                && matches!(words[last.1].text, "and" | "&")
                && !words[last.1].brk
                && !words[a].brk
                && !words[last.1 - 1].possessive;
            if and
                && ORG_SET.contains(words[b - 1].lower().as_str())
                && !GAZETTEER.contains_key(&key(&text(words, last.0, last.1)))
                && !GAZETTEER.contains_key(&key(&text(words, a, b)))
                && !words[last.0..last.1]
                    .iter()
                    .any(|w| TITLE_SET.contains(w.lower().as_str()))
                && !ORG_SET.contains(words[last.1 - 1].lower().as_str())
            {
                last.1 = b;
                continue;
            }
        }
        out.push((a, b));
    }
    out
}

/// Latin-script words that are no tag alone (lowercased): what is measured, counted or
/// dated rather than what the article is about, and the verbs of headlines (warns, vows,
/// affirme), which say what happened, not to what.
const VAGUE: &str = "\
    people year years time times week weeks day days month months statement decision report \
    reports news video photos photo percent number part way thing things world government \
    officials official state country city group man woman men women today according \
    new first last next former many one two three another several \
    gens an ans année années semaine semaines jour jours mois fois déclaration décision \
    rapport vidéo photos pays ville groupe homme femme hommes femmes premier première \
    dernier dernière nouveau nouvelle selon deux trois \
    warns vows urges slams rises falls drops plans seeks wins loses kills dies denies continue \
    continues remain die found become becomes sees gets makes takes gives tells \
    affirme estime annonce appelle demande refuse menace promet dénonce reste devient";

/// French participles in -é that are nouns as well (le marché, le comité, un député).
const E_NOUNS: &str = "\
    marché comité café côté député employé délégué clé degré blé été passé salarié allié \
    réfugié blessé associé procédé résumé défilé lycée musée armée idée";

static VAGUE_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(VAGUE));
static E_NOUN_SET: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| set(E_NOUNS));

/// Whether a one-word key phrase as shown, in Latin letters, is no tag alone: a vague word
/// ([`VAGUE`]), a day or a month, an English past (dropped, stabbed, killed) or adverb
/// (absolutely), a French past participle (affirmé; not the nouns in -té, société, nor
/// [`E_NOUNS`]).
pub(crate) fn vague_alone(text: &str) -> bool {
    if !text
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c))
    {
        return false;
    }
    let w = key(text);
    let letters = w.chars().count();
    VAGUE_SET.contains(w.as_str())
        || DATE_SET.contains(w.as_str())
        || (letters >= 5 && w.ends_with("ed") && !w.ends_with("eed"))
        || (letters >= 7 && w.ends_with("ly"))
        || (letters >= 4
            && (w.ends_with('é') || w.ends_with("és"))
            && !w.ends_with("té")
            && !w.ends_with("tés")
            && !E_NOUN_SET.contains(w.trim_end_matches('s')))
        || matches!(
            w.as_str(),
            "rose"
                | "fell"
                | "said"
                | "says"
                | "made"
                | "took"
                | "gave"
                | "came"
                | "went"
                | "near"
                | "dit"
                | "fait"
        )
}

/// What the whole text says of its words, for [`classify`].
struct Seen {
    /// Words used alone as a one-word name (lowercased): a family name's echo.
    echoes: FxHashSet<String>,
    /// Acronyms named more than once (lowercased).
    acronyms: FxHashSet<String>,
    /// Words the text writes in small letters somewhere (lowercased): common words.
    small: FxHashSet<String>,
}

/// What a run names, if the rules tell: (name, kind), after the words that open it as a
/// sentence or a title are left out.
fn classify(words: &[Word<'_>], from: usize, to: usize, seen: &Seen) -> Option<(String, Kind)> {
    let (mut from, mut to) = (from, to);
    // A sentence's opening word (The, In, Le, Selon) and a date are no name's.
    while from < to
        && (OPENER_SET.contains(words[from].lower().as_str()) || !words[from].capitalized())
    {
        from += 1;
    }
    // A gazetteer name that goes on in small letters (see [`gazetteer_end`]), or a
    // body's spelled out before its acronym ([`spelled_out_end`]).
    if from < to && !words[to - 1].capitalized() {
        if let Some(&(canonical, kind)) = GAZETTEER.get(&key(&text(words, from, to))) {
            return Some((crate::entities::written_name(canonical), kind));
        }
    }
    if from + 1 < to
        && spelled_out(words, from, to)
        && !GAZETTEER.contains_key(&key(&text(words, from, to)))
    {
        return Some((text(words, from, to), Kind::Organisation));
    }
    while to > from
        && (DATE_SET.contains(words[to - 1].lower().as_str()) || !words[to - 1].capitalized())
    {
        to -= 1;
    }
    if from >= to {
        return None;
    }
    let whole = text(words, from, to);
    if let Some(&(canonical, kind)) = GAZETTEER.get(&key(&whole)) {
        return Some((crate::entities::written_name(canonical), kind));
    }
    // A transcript's speaker or a shout (MARTINEZ-BELTRAN, UNIDENTIFIED GROUP): no name.
    if words[from..to]
        .iter()
        .any(|w| w.acronym() && w.text.chars().count() > 6)
    {
        return None;
    }
    // A role of a body (Founder of Ceres Robotics Inc): the body.
    if to - from > 2
        && TITLE_SET.contains(words[from].lower().as_str())
        && words[from + 1].lower() == "of"
    {
        from += 2;
    }
    let whole = text(words, from, to);
    let lower: Vec<String> = words[from..to].iter().map(Word::lower).collect();
    let n = to - from;
    // A place's name of its kind (Hart Island, South East Asia).
    if n >= 2 && lower.iter().any(|w| GEO_SET.contains(w.as_str())) {
        return Some((whole, Kind::Place));
    }
    // A body's name (Ministry of Defence, Bank of England, Parti socialiste); the kind's
    // word alone (Police, Union) is none.
    if n >= 2 && lower.iter().any(|w| ORG_SET.contains(w.as_str())) {
        return Some((whole, Kind::Organisation));
    }
    // A title and the name after it: President Donald Trump, Secretary of State Mike
    // Pompeo, Crown Prince Mohammed bin Salman.
    let title_word = |w: &str| TITLE_SET.contains(w) || TITLE_PART_SET.contains(w);
    if let Some(last_title) = lower.iter().rposition(|w| title_word(w)) {
        if lower.iter().any(|w| TITLE_SET.contains(w.as_str())) {
            let start = from + last_title + 1;
            let start = (start..to).find(|&i| words[i].capitalized()).unwrap_or(to);
            // (Not the sentence's words after a title: Director Now, Minister Monday.)
            let start = (start..to)
                .find(|&i| {
                    let l = words[i].lower();
                    !OPENER_SET.contains(l.as_str()) && !DATE_SET.contains(l.as_str())
                })
                .unwrap_or(to);
            return (start < to).then(|| person_or_place(text(words, start, to)));
        }
    }
    // A title in small letters right before it (le président Emmanuel Macron, Mr Musk).
    let titled =
        from > 0 && !words[from].brk && TITLE_SET.contains(words[from - 1].lower().as_str());
    if titled && n <= 4 {
        return Some(person_or_place(whole));
    }
    // …and in French its adjective after it in small letters (Parti socialiste, Assemblée
    // nationale, Conseil constitutionnel).
    if n == 1 && ORG_SET.contains(lower[0].as_str()) {
        let adjective = words.get(to).filter(|w| {
            let l = w.lower();
            !w.brk
                && !w.capitalized()
                && [
                    "iste", "al", "ale", "el", "elle", "ien", "ienne", "aire", "ique", "ais",
                    "aise",
                ]
                .iter()
                .any(|e| l.ends_with(e))
        });
        return adjective.map(|a| {
            (
                format!("{} {}", words[from].text, a.text),
                Kind::Organisation,
            )
        });
    }
    if n == 1 {
        let w = &words[from];
        // An acronym named twice: a body (NASA, CGT).
        let letters = w.text.chars().filter(|c| c.is_alphabetic()).count();
        let k = key(w.text);
        return (w.acronym()
            && letters >= 3
            && !NOT_ORG_SET.contains(k.to_uppercase().as_str())
            && seen.acronyms.contains(&k))
        .then(|| (w.text.to_owned(), Kind::Organisation));
    }
    // A person's name: what is left after the words before it that are the sentence's
    // (Although, Now: written in small letters elsewhere), a nationality (Australian-born,
    // Afghan) or a role; from its given name when it has a common one (Administrator Jim
    // Bridenstine).
    let mut start = match lower.iter().position(|w| GIVEN_SET.contains(w.as_str())) {
        Some(g) => from + g,
        None => from,
    };
    while start < to && {
        let l = words[start].lower();
        !GIVEN_SET.contains(l.as_str())
            && (seen.small.contains(&l) || is_demonym(&l) || title_word(&l))
    } {
        start += 1;
    }
    let lower = &lower[start - from..];
    let n = to - start;
    if !(2..=4).contains(&n)
        || words[start..to].iter().any(Word::acronym)
        || lower.iter().any(|w| GAZETTEER.contains_key(w))
        || !words[start].capitalized()
    {
        return None;
    }
    // A common given name first, a name that speaks, or one whose last word is used alone.
    let given = GIVEN_SET.contains(lower[0].as_str());
    let speaks = words.get(to).is_some_and(|w| {
        let l = w.lower();
        SAID_SET.contains(l.as_str())
            || (l == "a"
                && words
                    .get(to + 1)
                    .is_some_and(|v| SAID_PAST_SET.contains(v.lower().as_str())))
    });
    // (Both words used alone are two names or a product's: Apple Siri, Amazon Echo.)
    let echoed = seen.echoes.contains(&lower[n - 1]) && !seen.echoes.contains(&lower[0]);
    (given || speaks || echoed).then(|| (text(words, start, to), Kind::Person))
}

/// Words `a..b` as written, a space between (none after an elision: d'Ivoire).
fn text(words: &[Word<'_>], a: usize, b: usize) -> String {
    let mut s = String::new();
    for w in &words[a..b] {
        if !s.is_empty() && !s.ends_with(['\'', '’']) {
            s.push(' ');
        }
        s.push_str(w.text);
    }
    s
}

/// Whether a word in Latin letters is a title or a part of one (Mme, President, Foreign).
pub(crate) fn is_title(word: &str) -> bool {
    let w = key(word);
    TITLE_SET.contains(w.as_str()) || TITLE_PART_SET.contains(w.as_str())
}

/// A name after a title: a person, unless the gazetteer knows it (the Kremlin's, a
/// country's).
fn person_or_place(name: String) -> (String, Kind) {
    match GAZETTEER.get(&key(&name)) {
        Some(&(canonical, kind)) => (crate::entities::written_name(canonical), kind),
        None => (name, Kind::Person),
    }
}

/// A family name's key: without an Arabic name's article (al-Bashir is Bashir).
fn family_key(w: &str) -> String {
    let k = key(w);
    ["al-", "el-"]
        .iter()
        .find_map(|p| k.strip_prefix(p))
        .map_or_else(|| k.clone(), str::to_owned)
}

/// Whether a lowercased word is an adjective of origin (Australian, Afghan, française,
/// Australian-born).
fn is_demonym(w: &str) -> bool {
    w.ends_with("-born") || w.ends_with("-né") || w.ends_with("-née") || DEMONYM_SET.contains(w)
}

/// The bytes of a body read for names.
const MAX_BODY: usize = 200_000;

/// The people, places and organisations of an English or French article, most mentioned
/// first (then in the order met).
pub fn entities(title: &str, body: &str) -> Vec<Entity> {
    // English and French only: German writes every noun with a capital (Israels Armee,
    // Zentrum von Gazastreifen would be people), and other languages' titles and particles
    // are not these lists'.
    let sample = rasid_text::prefix(body, 4000);
    if !matches!(
        rasid_text::detect(&format!("{title}\n{sample}")),
        rasid_text::Lang::En | rasid_text::Lang::Fr
    ) {
        return Vec::new();
    }
    // A headline in title case (Oversupply Angst Drags Oil Lower) capitalizes every word:
    // only its gazetteer names are read.
    let title_words = words(title);
    let title_case = {
        let long: Vec<&Word<'_>> = title_words
            .iter()
            .filter(|w| w.text.chars().count() > 3)
            .collect();
        !long.is_empty() && long.iter().filter(|w| w.capitalized()).count() * 10 >= long.len() * 7
    };
    // (A bound on the work one article can cost: names are met early.)
    let text = format!("{title}\n{}", rasid_text::prefix(body, MAX_BODY));
    let words = words(&text);
    let title_len = title_words.len();
    let runs = runs(&words);
    // Family names used alone (a one-word run that opens no sentence), acronyms named
    // more than once, and the words written in small letters.
    let mut seen = Seen {
        echoes: FxHashSet::default(),
        acronyms: FxHashSet::default(),
        small: words
            .iter()
            .filter(|w| w.text.chars().next().is_some_and(char::is_lowercase))
            .map(Word::lower)
            .collect(),
    };
    let mut acronyms: FxHashMap<String, usize> = FxHashMap::default();
    for &(a, b) in &runs {
        // (Not after an article or a possessive: the Hub, the Moon, its Homekit name a
        // thing; a person's family name goes bare.)
        let determined =
            a > 0 && !words[a].brk && DETERMINERS.contains(&words[a - 1].lower().as_str());
        if b - a == 1 && !words[a].opens && !determined {
            seen.echoes.insert(words[a].lower());
        }
        for w in &words[a..b] {
            if w.acronym() {
                *acronyms.entry(key(w.text)).or_default() += 1;
            }
        }
    }
    seen.acronyms = acronyms
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(k, _)| k)
        .collect();
    let mut found: Vec<(String, Kind, usize)> = Vec::new();
    let count = |name: String, kind: Kind, found: &mut Vec<(String, Kind, usize)>| match found
        .iter_mut()
        .find(|(n, k, _)| *n == name && *k == kind)
    {
        Some(e) => e.2 += 1,
        None => found.push((name, kind, 1)),
    };
    // Bodies spelled out before their acronym: the acronym alone elsewhere is a mention of
    // the name (CNCTR of the Commission nationale de contrôle … (CNCTR)).
    let mut spelled: FxHashMap<String, String> = FxHashMap::default();
    for &(a, b) in &runs {
        if b < words.len() && (a..b).any(|s| spelled_out(&words, s, b)) {
            if let Some((name, Kind::Organisation)) = classify(&words, a, b, &seen) {
                spelled.entry(key(words[b].text)).or_insert(name);
            }
        }
    }
    // Runs a rule tells first; one-word runs that are a found person's family name later.
    let mut lone: Vec<String> = Vec::new();
    for &(a, b) in &runs {
        if title_case && a < title_len {
            let name = self::text(&words, a, b.min(title_len));
            if let Some(&(canonical, kind)) = GAZETTEER.get(&key(&name)) {
                count(crate::entities::written_name(canonical), kind, &mut found);
            } else {
                for w in &words[a..b.min(title_len)] {
                    if let Some(&(canonical, kind)) = GAZETTEER.get(&key(w.text)) {
                        count(crate::entities::written_name(canonical), kind, &mut found);
                    }
                }
            }
            continue;
        }
        match classify(&words, a, b, &seen) {
            Some((name, Kind::Organisation)) => {
                let name = spelled.get(&key(&name)).cloned().unwrap_or(name);
                count(name, Kind::Organisation, &mut found);
            }
            Some((name, kind)) => count(name, kind, &mut found),
            None if b - a == 1 => lone.push(words[a].lower()),
            None => {}
        }
    }
    // A family name alone is a mention of the person named in full.
    let surnames: FxHashMap<String, String> = found
        .iter()
        .filter(|(name, kind, _)| *kind == Kind::Person && name.contains(' '))
        .filter_map(|(name, _, _)| {
            name.rsplit(' ')
                .next()
                .map(|last| (family_key(last), name.clone()))
        })
        .collect();
    for w in lone {
        if let Some(full) = surnames.get(&family_key(&w)) {
            count(full.clone(), Kind::Person, &mut found);
        }
    }
    // A person named by the family name alone after a title (Mr Musk) is the full name
    // found elsewhere.
    let merged: Vec<(String, Kind, usize)> = {
        let mut out: Vec<(String, Kind, usize)> = Vec::new();
        for (name, kind, n) in found {
            let target = if kind == Kind::Person && !name.contains(' ') {
                surnames.get(&family_key(&name)).cloned().unwrap_or(name)
            } else {
                name
            };
            match out.iter_mut().find(|(m, k, _)| *m == target && *k == kind) {
                Some(e) => e.2 += n,
                None => out.push((target, kind, n)),
            }
        }
        out
    };
    let mut entities: Vec<Entity> = merged
        .into_iter()
        .map(|(name, kind, mentions)| Entity {
            name,
            kind,
            mentions,
        })
        .collect();
    entities.sort_by_key(|e| std::cmp::Reverse(e.mentions));
    entities
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::tests::{assert_found, names};

    #[test]
    fn english_people_places_and_organisations() {
        let body = "WASHINGTON (Reuters) - U.S. Secretary of State Mike Pompeo met Iraqi \
            Prime Minister Mohammed Shia al-Sudani in Baghdad on Monday. The State Department \
            said the talks covered the withdrawal of coalition forces from Iraq and Syria. \
            \"We are making progress,\" Pompeo told reporters. NATO officials in Brussels \
            welcomed the talks, and NATO will meet next week. Elon Musk's SpaceX was not \
            involved, Musk said.";
        let found = entities("Pompeo meets Iraqi prime minister in Baghdad", body);
        assert_found(
            &found,
            Kind::Person,
            &["Mike Pompeo", "Mohammed Shia al-Sudani", "Elon Musk"],
        );
        // Pompeo alone is Mike Pompeo, not a person of his own.
        assert!(
            !names(&found, Kind::Person).contains(&"Pompeo".to_owned()),
            "{found:?}"
        );
        assert_found(
            &found,
            Kind::Place,
            &["العراق", "بغداد", "سوريا", "بروكسل", "الولايات المتحدة"],
        );
        assert_found(
            &found,
            Kind::Organisation,
            &["حلف شمال الأطلسي", "State Department"],
        );
        // A sentence's first word and a weekday are no names.
        assert!(
            !found.iter().any(|e| e.name == "Monday" || e.name == "The"),
            "{found:?}"
        );
        let pompeo = found.iter().find(|e| e.name == "Mike Pompeo").unwrap();
        assert!(pompeo.mentions >= 3, "{pompeo:?}");
    }

    #[test]
    fn french_people_places_and_organisations() {
        let body = "Le président Emmanuel Macron a reçu jeudi Sophie Binet à l'Élysée. \
            Sophie Binet a déclaré que la situation était grave. Selon Binet, la CGT \
            appellera à la grève, et la CGT sera reçue au ministère. Le Parti socialiste \
            soutient la démarche. La Russie et l'Ukraine n'étaient pas au menu, ni la Côte \
            d'Ivoire.";
        let found = entities("Sophie Binet met en garde Emmanuel Macron", body);
        assert_found(&found, Kind::Person, &["Emmanuel Macron", "Sophie Binet"]);
        assert_found(&found, Kind::Place, &["روسيا", "أوكرانيا", "ساحل العاج"]);
        assert_found(&found, Kind::Organisation, &["CGT"]);
        let orgs = names(&found, Kind::Organisation);
        assert!(
            orgs.contains(&"Parti socialiste".to_owned())
                || orgs.iter().any(|o| o.contains("Parti")),
            "{found:?}"
        );
        assert!(
            !found.iter().any(|e| e.name == "Selon" || e.name == "Le"),
            "{found:?}"
        );
    }

    #[test]
    fn a_family_name_goes_bare_and_a_things_name_after_an_article() {
        let found = entities(
            "Smart homes",
            "The Nest Hub works with the Hub app, and the Hub is cheap. Carla Prouty tested \
            it; Prouty liked the screen.",
        );
        assert_found(&found, Kind::Person, &["Carla Prouty"]);
        assert!(
            !names(&found, Kind::Person).contains(&"Nest Hub".to_owned()),
            "{found:?}"
        );
    }

    #[test]
    fn and_inside_a_bodys_name_keeps_it_whole() {
        let found = entities(
            "Regulators act",
            "The Securities and Exchange Commission and the Food and Drug Administration \
            acted on Monday. Britain and France agreed, and Emory University and Oglethorpe \
            University said nothing. The Department of Health and Human Services wrote back \
            about the Soviet Union and the People's Liberation Army.",
        );
        assert_found(
            &found,
            Kind::Organisation,
            &[
                "Securities and Exchange Commission",
                "Food and Drug Administration",
                "Emory University",
                "Oglethorpe University",
                "Department of Health and Human Services",
                "People's Liberation Army",
            ],
        );
        assert_found(
            &found,
            Kind::Place,
            &["بريطانيا", "فرنسا", "الاتحاد السوفياتي"],
        );
    }

    #[test]
    fn names_that_go_on_in_small_letters_are_read_whole() {
        let found = entities(
            "Le renseignement",
            "Le Centre international de recherche sur le cancer (CIRC), agence de \
            l’Organisation mondiale de la santé, l’a classé. La Banque mondiale et l'Arabie \
            saoudite ont signé. La Commission nationale de contrôle des techniques de \
            renseignement (CNCTR) sera saisie.",
        );
        assert_found(
            &found,
            Kind::Organisation,
            &[
                "Centre international de recherche sur le cancer",
                "منظمة الصحة العالمية",
                "البنك الدولي",
                "Commission nationale de contrôle des techniques de renseignement",
            ],
        );
        assert_found(&found, Kind::Place, &["السعودية"]);
        // The acronym alone later is the body's mention.
        let found = entities(
            "Le renseignement",
            "La Commission nationale de contrôle des techniques de renseignement (CNCTR) \
            sera saisie. La CNCTR rendra un avis, et la CNCTR sera consultée.",
        );
        let cnctr: Vec<(&str, usize)> = found
            .iter()
            .filter(|e| e.kind == Kind::Organisation)
            .map(|e| (e.name.as_str(), e.mentions))
            .collect();
        assert_eq!(
            cnctr,
            [(
                "Commission nationale de contrôle des techniques de renseignement",
                4
            )],
            "{found:?}"
        );
    }

    #[test]
    fn initials_and_abbreviated_titles_keep_a_name_whole() {
        let found = entities(
            "Trump speaks",
            "Donald J. Trump spoke to Gen. Mark Milley. Mr. Musk listened, and Milley agreed.",
        );
        assert_found(
            &found,
            Kind::Person,
            &["Donald J Trump", "Mark Milley", "Musk"],
        );
        let milley = found.iter().find(|e| e.name == "Mark Milley").unwrap();
        assert_eq!(milley.mentions, 2, "{found:?}");
    }

    #[test]
    fn pasts_adverbs_dates_and_vague_words_are_no_tags_alone() {
        for w in [
            "dropped",
            "Stabbed",
            "absolutely",
            "affirmé",
            "jeudi",
            "people",
            "Année",
        ] {
            assert!(vague_alone(w), "{w}");
        }
        for w in [
            "Assange",
            "investigation",
            "société",
            "marché",
            "Italy",
            "NASA",
            "العراق",
        ] {
            assert!(!vague_alone(w), "{w}");
        }
    }

    #[test]
    fn other_latin_languages_get_no_entities_from_english_and_french_rules() {
        let german = "Die Armee Israels meldete am Montag neue Angriffe im Zentrum von \
            Gaza. Nach Angaben der Armee wurden die Vorladungen der Armee verschickt, und \
            die Regierung in Berlin forderte eine Waffenruhe.";
        assert!(entities("Israels Armee meldet Angriffe", german).is_empty());
    }

    #[test]
    fn a_title_case_headline_is_read_for_places_only() {
        let found = entities(
            "Oversupply Angst Drags Oil Lower As Iran Talks Stall",
            "Oil prices fell on Tuesday as traders weighed talks with Iran.",
        );
        assert!(!found.iter().any(|e| e.kind == Kind::Person), "{found:?}");
        assert!(found.iter().any(|e| e.name == "إيران"), "{found:?}");
    }

    #[test]
    fn latin_places_map_to_the_arabic_gazetteers_names() {
        for (canonical, _) in PLACES.iter().chain(ORGANISATIONS) {
            assert!(
                crate::entities::is_gazetteer_name(canonical),
                "{canonical} is no canonical name of the Arabic gazetteer"
            );
        }
        assert!(is_latin_text("Iraq", "The talks in Baghdad"));
        assert!(!is_latin_text("العراق", "زار بغداد وفد من NATO"));
    }
}
