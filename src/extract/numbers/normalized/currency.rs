//! Currencies: symbols, codes, prefixed dollars and currency names with
//! their country adjectives, resolved to ISO 4217 codes.

use super::*;
use crate::text::lists::word_list;

/// Currency names whose code depends on the country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Base {
    Fixed(&'static str),
    Dollar,
    Pound,
    Peso,
    Rupee,
    Franc,
    Dinar,
    Shilling,
    Krone,
    Rial,
    Riyal,
    Kwacha,
    Won,
    Cent,
    Penny,
}

pub(super) static CURRENCY_WORDS: LazyLock<FastMap<&'static str, Base>> = LazyLock::new(|| {
    use Base::*;
    let pairs: &[(&[&str], Base)] = &[
        (&["dollar", "dollars"], Dollar),
        (&["euro", "euros"], Fixed("EUR")),
        (&["pound", "pounds"], Pound),
        (&["sterling"], Fixed("GBP")),
        (&["yen"], Fixed("JPY")),
        (&["yuan", "renminbi"], Fixed("CNY")),
        (&["rupee", "rupees"], Rupee),
        (&["ruble", "rubles", "rouble", "roubles"], Fixed("RUB")),
        (&["peso", "pesos"], Peso),
        (&["cedi", "cedis"], Fixed("GHS")),
        (&["naira", "nairas"], Fixed("NGN")),
        (&["taka"], Fixed("BDT")),
        (&["dirham", "dirhams"], Fixed("AED")),
        (&["lira", "liras", "lire"], Fixed("TRY")),
        (&["won"], Won),
        (&["soles"], Fixed("PEN")),
        (&["rand"], Fixed("ZAR")),
        (&["shekel", "shekels"], Fixed("ILS")),
        (&["franc", "francs"], Franc),
        (
            &[
                "złoty", "zloty", "złote", "zlote", "złotys", "zlotys", "złotych", "zlotych",
            ],
            Fixed("PLN"),
        ),
        (&["forint", "forints"], Fixed("HUF")),
        (&["koruna", "korunas", "koruny"], Fixed("CZK")),
        (&["krona", "kronor"], Fixed("SEK")),
        (&["krone", "kroner"], Krone),
        (&["króna", "krónur"], Fixed("ISK")),
        (&["leu", "lei"], Fixed("RON")),
        (&["leva"], Fixed("BGN")),
        (&["hryvnia", "hryvnias", "hryvnias"], Fixed("UAH")),
        (&["lari"], Fixed("GEL")),
        (&["tenge"], Fixed("KZT")),
        (&["manat", "manats"], Fixed("AZN")),
        (&["rial", "rials"], Rial),
        (&["riyal", "riyals"], Riyal),
        (&["dinar", "dinars"], Dinar),
        (&["shilling", "shillings"], Shilling),
        (&["kwacha"], Kwacha),
        (&["birr"], Fixed("ETB")),
        (&["baht"], Fixed("THB")),
        (&["ringgit"], Fixed("MYR")),
        (&["rupiah"], Fixed("IDR")),
        (&["reais"], Fixed("BRL")),
        (
            &["bolivar", "bolivars", "bolívares", "bolivares"],
            Fixed("VES"),
        ),
        (&["guarani", "guaranies", "guaranis"], Fixed("PYG")),
        (&["quetzal", "quetzales", "quetzals"], Fixed("GTQ")),
        (&["colones"], Fixed("CRC")),
        (&["lempira", "lempiras"], Fixed("HNL")),
        (&["kyat", "kyats"], Fixed("MMK")),
        (&["riel", "riels"], Fixed("KHR")),
        (&["tugrik", "tugriks"], Fixed("MNT")),
        (&["afghani", "afghanis"], Fixed("AFN")),
        (&["leone", "leones"], Fixed("SLE")),
        (&["ariary"], Fixed("MGA")),
        (&["kwanza", "kwanzas"], Fixed("AOA")),
        (&["metical", "meticais"], Fixed("MZN")),
        (&["dalasi"], Fixed("GMD")),
        (&["ouguiya"], Fixed("MRU")),
        (&["cent", "cents"], Cent),
        (&["pence", "penny"], Penny),
    ];
    let mut m = FastMap::default();
    for (words, base) in pairs {
        for w in *words {
            m.insert(*w, *base);
        }
    }
    m
});

/// Adjectives naming the country of a currency: "Canadian dollars".
pub(super) const CURRENCY_ADJECTIVES: &[(&[&str], &str, &str)] = &[
    (&["canadian"], "dollar", "CAD"),
    (&["australian"], "dollar", "AUD"),
    (&["new", "zealand"], "dollar", "NZD"),
    (&["hong", "kong"], "dollar", "HKD"),
    (&["singapore"], "dollar", "SGD"),
    (&["singaporean"], "dollar", "SGD"),
    (&["new", "taiwan"], "dollar", "TWD"),
    (&["taiwan"], "dollar", "TWD"),
    (&["taiwanese"], "dollar", "TWD"),
    (&["jamaican"], "dollar", "JMD"),
    (&["namibian"], "dollar", "NAD"),
    (&["liberian"], "dollar", "LRD"),
    (&["fijian"], "dollar", "FJD"),
    (&["bahamian"], "dollar", "BSD"),
    (&["barbadian"], "dollar", "BBD"),
    (&["belize"], "dollar", "BZD"),
    (&["guyanese"], "dollar", "GYD"),
    (&["brunei"], "dollar", "BND"),
    (&["east", "caribbean"], "dollar", "XCD"),
    (&["u", ".", "s", "."], "dollar", "USD"),
    (&["us"], "dollar", "USD"),
    (&["american"], "dollar", "USD"),
    (&["mexican"], "peso", "MXN"),
    (&["argentine"], "peso", "ARS"),
    (&["argentinian"], "peso", "ARS"),
    (&["chilean"], "peso", "CLP"),
    (&["colombian"], "peso", "COP"),
    (&["philippine"], "peso", "PHP"),
    (&["uruguayan"], "peso", "UYU"),
    (&["dominican"], "peso", "DOP"),
    (&["cuban"], "peso", "CUP"),
    (&["indian"], "rupee", "INR"),
    (&["pakistani"], "rupee", "PKR"),
    (&["sri", "lankan"], "rupee", "LKR"),
    (&["nepali"], "rupee", "NPR"),
    (&["nepalese"], "rupee", "NPR"),
    (&["mauritian"], "rupee", "MUR"),
    (&["seychellois"], "rupee", "SCR"),
    (&["egyptian"], "pound", "EGP"),
    (&["lebanese"], "pound", "LBP"),
    (&["syrian"], "pound", "SYP"),
    (&["south", "sudanese"], "pound", "SSP"),
    (&["sudanese"], "pound", "SDG"),
    (&["british"], "pound", "GBP"),
    (&["swiss"], "franc", "CHF"),
    (&["central", "african", "cfa"], "franc", "XAF"),
    (&["west", "african", "cfa"], "franc", "XOF"),
    (&["cfa"], "franc", "XOF"),
    (&["rwandan"], "franc", "RWF"),
    (&["burundian"], "franc", "BIF"),
    (&["congolese"], "franc", "CDF"),
    (&["guinean"], "franc", "GNF"),
    (&["djiboutian"], "franc", "DJF"),
    (&["jordanian"], "dinar", "JOD"),
    (&["iraqi"], "dinar", "IQD"),
    (&["kuwaiti"], "dinar", "KWD"),
    (&["bahraini"], "dinar", "BHD"),
    (&["tunisian"], "dinar", "TND"),
    (&["algerian"], "dinar", "DZD"),
    (&["libyan"], "dinar", "LYD"),
    (&["serbian"], "dinar", "RSD"),
    (&["kenyan"], "shilling", "KES"),
    (&["ugandan"], "shilling", "UGX"),
    (&["tanzanian"], "shilling", "TZS"),
    (&["somali"], "shilling", "SOS"),
    (&["norwegian"], "krone", "NOK"),
    (&["danish"], "krone", "DKK"),
    (&["swedish"], "krona", "SEK"),
    (&["icelandic"], "krona", "ISK"),
    (&["iranian"], "rial", "IRR"),
    (&["omani"], "rial", "OMR"),
    (&["yemeni"], "rial", "YER"),
    (&["saudi"], "riyal", "SAR"),
    (&["qatari"], "riyal", "QAR"),
    (&["zambian"], "kwacha", "ZMW"),
    (&["malawian"], "kwacha", "MWK"),
    (&["south", "african"], "rand", "ZAR"),
    (&["brazilian"], "real", "BRL"),
    (&["chinese"], "yuan", "CNY"),
    (&["japanese"], "yen", "JPY"),
    (&["russian"], "ruble", "RUB"),
    (&["belarusian"], "ruble", "BYN"),
    (&["turkish"], "lira", "TRY"),
    (&["north", "korean"], "won", "KPW"),
    (&["south", "korean"], "won", "KRW"),
    (&["korean"], "won", "KRW"),
    (&["polish"], "zloty", "PLN"),
    (&["hungarian"], "forint", "HUF"),
    (&["czech"], "koruna", "CZK"),
    (&["romanian"], "leu", "RON"),
    (&["moldovan"], "leu", "MDL"),
    (&["bulgarian"], "lev", "BGN"),
    (&["ukrainian"], "hryvnia", "UAH"),
    (&["nigerian"], "naira", "NGN"),
    (&["ghanaian"], "cedi", "GHS"),
    (&["bangladeshi"], "taka", "BDT"),
    (&["thai"], "baht", "THB"),
    (&["malaysian"], "ringgit", "MYR"),
    (&["indonesian"], "rupiah", "IDR"),
    (&["vietnamese"], "dong", "VND"),
    (&["israeli"], "shekel", "ILS"),
    (&["new", "israeli"], "shekel", "ILS"),
    (&["emirati"], "dirham", "AED"),
    (&["uae"], "dirham", "AED"),
    (&["moroccan"], "dirham", "MAD"),
    (&["peruvian"], "sol", "PEN"),
    (&["venezuelan"], "bolivar", "VES"),
    (&["ethiopian"], "birr", "ETB"),
    (&["lao"], "kip", "LAK"),
    (&["kyrgyz"], "som", "KGS"),
    (&["georgian"], "lari", "GEL"),
    (&["armenian"], "dram", "AMD"),
];

/// The lemma of a currency word for the adjective table ("dollars" → "dollar").
pub(super) fn currency_lemma(word: &str) -> Option<&'static str> {
    with_lower(word, |w| {
        Some(match w {
            "dollar" | "dollars" => "dollar",
            "peso" | "pesos" => "peso",
            "rupee" | "rupees" => "rupee",
            "pound" | "pounds" => "pound",
            "franc" | "francs" => "franc",
            "dinar" | "dinars" => "dinar",
            "shilling" | "shillings" => "shilling",
            "krone" | "kroner" => "krone",
            "krona" | "kronor" => "krona",
            "rial" | "rials" => "rial",
            "riyal" | "riyals" => "riyal",
            "kwacha" => "kwacha",
            "rand" => "rand",
            "real" | "reais" | "reals" => "real",
            "yuan" | "renminbi" => "yuan",
            "yen" => "yen",
            "ruble" | "rubles" | "rouble" | "roubles" => "ruble",
            "lira" | "liras" | "lire" => "lira",
            "won" => "won",
            "zloty" | "złoty" | "zlotys" | "złotys" | "zlotych" | "złotych" => "zloty",
            "forint" | "forints" => "forint",
            "koruna" | "korunas" => "koruna",
            "leu" | "lei" => "leu",
            "lev" | "leva" => "lev",
            "hryvnia" | "hryvnias" => "hryvnia",
            "naira" => "naira",
            "cedi" | "cedis" => "cedi",
            "taka" => "taka",
            "baht" => "baht",
            "ringgit" => "ringgit",
            "rupiah" => "rupiah",
            "dong" => "dong",
            "shekel" | "shekels" => "shekel",
            "dirham" | "dirhams" => "dirham",
            "sol" | "soles" => "sol",
            "bolivar" | "bolivars" | "bolívares" => "bolivar",
            "birr" => "birr",
            "kip" => "kip",
            "som" | "soms" => "som",
            "lari" => "lari",
            "dram" | "drams" => "dram",
            _ => return None,
        })
    })
}

/// Symbols written before an amount.
pub(super) fn symbol_currency(sym: &str) -> Option<Base> {
    Some(Base::Fixed(match sym {
        "$" => return Some(Base::Dollar),
        "€" => "EUR",
        "£" => "GBP",
        "¥" | "￥" => "JPY",
        "₹" => "INR",
        "₦" => "NGN",
        "₵" => "GHS",
        "₱" => "PHP",
        "₩" => "KRW",
        "₺" => "TRY",
        "₽" => "RUB",
        "₪" => "ILS",
        "₴" => "UAH",
        "฿" => "THB",
        "৳" => "BDT",
        "₸" => "KZT",
        "₮" => "MNT",
        "₲" => "PYG",
        "₡" => "CRC",
        "₭" => "LAK",
        "₼" => "AZN",
        "₾" => "GEL",
        "₫" => "VND",
        _ => return None,
    }))
}

/// Letters glued before "$": "US$", "C$", "NZ$".
pub(super) fn dollar_prefix(word: &str) -> Option<&'static str> {
    Some(match word {
        "US" => "USD",
        "C" | "CA" | "Can" => "CAD",
        "A" | "AU" => "AUD",
        "NZ" => "NZD",
        "HK" => "HKD",
        "NT" => "TWD",
        "S" => "SGD",
        "R" => "BRL",
        "MX" | "Mex" => "MXN",
        "J" => "JMD",
        "TT" => "TTD",
        "EC" => "XCD",
        "N" => "NAD",
        "B" => "BND",
        "L" => "LRD",
        "Z" => "ZWG",
        _ => return None,
    })
}

/// Words written before an amount: "Rs 314", "Tk 50", "KSh 200".
pub(super) fn word_prefix_currency(word: &str) -> Option<Base> {
    Some(match word {
        "Rs" | "Rs." | "INR" => return Some(Base::Rupee),
        "Tk" => Base::Fixed("BDT"),
        "Sh" | "Shs" => return Some(Base::Shilling),
        "KSh" | "Ksh" | "Kshs" | "KShs" => Base::Fixed("KES"),
        "USh" | "Ush" => Base::Fixed("UGX"),
        "TSh" | "Tsh" => Base::Fixed("TZS"),
        "RM" => Base::Fixed("MYR"),
        "Rp" => Base::Fixed("IDR"),
        "SFr" => Base::Fixed("CHF"),
        "Dh" | "Dhs" => Base::Fixed("AED"),
        _ => return None,
    })
}

word_list!(
    /// ISO codes that are also common capitalised words and never taken alone.
    pub(super) CODE_WORDS, "numbers/code_words.txt"
);

pub(super) fn iso_code(word: &str) -> Option<&'static str> {
    if word.len() != 3 || !word.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    crate::units::ISO_4217
        .binary_search(&word)
        .ok()
        .map(|i| crate::units::ISO_4217[i])
}

/// Country keywords, lower case, for currencies whose code depends on the country.
pub(super) fn country_table(base: Base) -> (&'static [(&'static str, &'static str)], &'static str) {
    match base {
        Base::Peso => (
            &[
                ("argentin", "ARS"),
                ("buenos aires", "ARS"),
                ("mexic", "MXN"),
                ("chile", "CLP"),
                ("santiago", "CLP"),
                ("colombia", "COP"),
                ("bogot", "COP"),
                ("philippin", "PHP"),
                ("filipino", "PHP"),
                ("manila", "PHP"),
                ("urugua", "UYU"),
                ("montevideo", "UYU"),
                ("dominican", "DOP"),
                ("santo domingo", "DOP"),
                ("cuba", "CUP"),
                ("havana", "CUP"),
            ],
            "MXN",
        ),
        Base::Rupee => (
            &[
                ("pakistan", "PKR"),
                ("karachi", "PKR"),
                ("lahore", "PKR"),
                ("islamabad", "PKR"),
                ("sri lanka", "LKR"),
                ("colombo", "LKR"),
                ("nepal", "NPR"),
                ("kathmandu", "NPR"),
                ("mauriti", "MUR"),
                ("seychell", "SCR"),
                ("india", "INR"),
            ],
            "INR",
        ),
        Base::Dinar => (
            &[
                ("jordan", "JOD"),
                ("amman", "JOD"),
                ("iraq", "IQD"),
                ("baghdad", "IQD"),
                ("kuwait", "KWD"),
                ("bahrain", "BHD"),
                ("tunisia", "TND"),
                ("tunis", "TND"),
                ("algeria", "DZD"),
                ("algiers", "DZD"),
                ("libya", "LYD"),
                ("tripoli", "LYD"),
                ("serbia", "RSD"),
                ("belgrade", "RSD"),
            ],
            "IQD",
        ),
        Base::Shilling => (
            &[
                ("kenya", "KES"),
                ("nairobi", "KES"),
                ("uganda", "UGX"),
                ("kampala", "UGX"),
                ("tanzania", "TZS"),
                ("dar es salaam", "TZS"),
                ("somali", "SOS"),
                ("mogadishu", "SOS"),
            ],
            "KES",
        ),
        Base::Franc => (
            &[
                ("switzerland", "CHF"),
                ("swiss", "CHF"),
                ("geneva", "CHF"),
                ("zurich", "CHF"),
                ("rwanda", "RWF"),
                ("kigali", "RWF"),
                ("burundi", "BIF"),
                ("kinshasa", "CDF"),
                ("democratic republic of congo", "CDF"),
                ("guinea", "GNF"),
                ("conakry", "GNF"),
                ("djibouti", "DJF"),
                ("cameroon", "XAF"),
                ("gabon", "XAF"),
                ("chad", "XAF"),
                ("senegal", "XOF"),
                ("dakar", "XOF"),
                ("ivory coast", "XOF"),
                ("abidjan", "XOF"),
                ("mali", "XOF"),
                ("bamako", "XOF"),
                ("burkina", "XOF"),
                ("benin", "XOF"),
                ("togo", "XOF"),
            ],
            "CHF",
        ),
        Base::Krone => (
            &[
                ("norw", "NOK"),
                ("oslo", "NOK"),
                ("denmark", "DKK"),
                ("danish", "DKK"),
                ("copenhagen", "DKK"),
            ],
            "NOK",
        ),
        Base::Rial => (
            &[
                ("iran", "IRR"),
                ("tehran", "IRR"),
                ("oman", "OMR"),
                ("muscat", "OMR"),
                ("yemen", "YER"),
            ],
            "IRR",
        ),
        Base::Riyal => (
            &[
                ("saudi", "SAR"),
                ("riyadh", "SAR"),
                ("qatar", "QAR"),
                ("doha", "QAR"),
            ],
            "SAR",
        ),
        Base::Kwacha => (
            &[
                ("zambia", "ZMW"),
                ("lusaka", "ZMW"),
                ("malawi", "MWK"),
                ("lilongwe", "MWK"),
            ],
            "ZMW",
        ),
        Base::Pound => (
            &[
                ("egypt", "EGP"),
                ("cairo", "EGP"),
                ("leban", "LBP"),
                ("beirut", "LBP"),
                ("khartoum", "SDG"),
                ("sudan", "SDG"),
            ],
            "GBP",
        ),
        _ => (&[], "USD"),
    }
}

impl<'t, 'a> Scanner<'t, 'a> {
    /// Letters before an amount: "US$5", "GH₵10", "Rs 314", "PLN 140 million", "R5bn", "S/ 20".
    pub(super) fn word_currency_prefix(&self, i: usize) -> Option<Step<'a>> {
        let t = self.toks[i];
        // Every prefix is short and starts with a capital letter.
        if t.text.len() > 4 || !t.text.as_bytes()[0].is_ascii_uppercase() {
            return None;
        }
        if i > 0 && t.gap == Gap::Glued && self.toks[i - 1].kind == TokKind::Word {
            return None;
        }
        // "US$", "C$", "NZ$".
        if self.glued(i + 1, "$") {
            if let Some(code) = dollar_prefix(t.text) {
                return self.money_prefixed(i, i + 2, Base::Fixed(code));
            }
        }
        if matches!(t.text, "GH") && (self.glued(i + 1, "₵") || self.glued(i + 1, "¢")) {
            return self.money_prefixed(i, i + 2, Base::Fixed("GHS"));
        }
        if t.text == "E" && self.glued(i + 1, "£") {
            return self.money_prefixed(i, i + 2, Base::Fixed("EGP"));
        }
        if t.text == "CN" && (self.glued(i + 1, "¥") || self.glued(i + 1, "￥")) {
            return self.money_prefixed(i, i + 2, Base::Fixed("CNY"));
        }
        if t.text == "S" && self.glued(i + 1, "/") {
            return self.money_prefixed(i, i + 2, Base::Fixed("PEN"));
        }
        // "R5 billion": rand, only glued to the digits.
        if t.text == "R"
            && self
                .glued_tok(i + 1)
                .is_some_and(|n| n.kind == TokKind::Num)
        {
            return self.money_prefixed(i, i + 1, Base::Fixed("ZAR"));
        }
        let with_dot = t.text == "Rs" && self.glued(i + 1, ".");
        if let Some(base) = word_prefix_currency(t.text) {
            let k = if with_dot { i + 2 } else { i + 1 };
            return self.money_prefixed(i, k, base);
        }
        // A code is separated from its amount by a space: "PLN 140 million", never "COP30".
        if let Some(code) = iso_code(t.text) {
            if !CODE_WORDS.contains(&t.text) && self.tok(i + 1).is_some_and(|n| n.gap == Gap::Space)
            {
                return self.money_prefixed(i, i + 1, Base::Fixed(code));
            }
        }
        None
    }

    /// An amount after a currency sign or prefix ending at token `k`.
    pub(super) fn money_prefixed(&self, first: usize, k: usize, base: Base) -> Option<Step<'a>> {
        let n = self.near(k)?;
        if n.kind != TokKind::Num {
            return None;
        }
        // Letters glued before "$" that are not a known prefix make an identifier.
        if first > 0
            && self.toks[first].gap == Gap::Glued
            && self.toks[first - 1].kind == TokKind::Word
        {
            return None;
        }
        let mut p = self.phrase(k)?;
        if p.words {
            return None;
        }
        // Glued scale abbreviations: "$5m", "€3bn", "$50k", "₹5cr".
        let mut end_tok = p.next;
        if p.next == k + 1 {
            if let Some(s) = self.glued_tok(k + 1).filter(|s| s.kind == TokKind::Word) {
                let e = match s.text {
                    "m" | "M" | "mn" | "mln" => Some(6),
                    "bn" | "b" | "B" | "bln" => Some(9),
                    "tn" | "trn" | "T" => Some(12),
                    "k" | "K" => Some(3),
                    "cr" => Some(7),
                    _ => None,
                };
                match e {
                    Some(e)
                        if !self
                            .glued_tok(k + 2)
                            .is_some_and(|t| t.kind != TokKind::Punct) =>
                    {
                        p.exp += e;
                        p.scaled = true;
                        end_tok = k + 2;
                    }
                    _ => return Some(Step::Skip(k + 2)),
                }
            }
        }
        let code = match base {
            Base::Fixed("JPY") if self.toks[first].text != "CN" && self.ctx.yen_is_yuan() => "CNY",
            b => self.ctx.resolve(b),
        };
        // "R$" etc. handled by the caller; "$5 billion dollars" is rare, not read.
        let item = Item::money(
            self.toks[first].start,
            self.toks[end_tok - 1].end,
            p.val(false),
            code,
            p.scaled,
        );
        // A trailing currency code repeats the currency: "$5 million USD".
        let mut next = end_tok;
        if let Some(c) = self.near(next) {
            if c.gap == Gap::Space && iso_code(c.text).is_some() && !CODE_WORDS.contains(&c.text) {
                let mut item = item;
                item.end = c.end;
                item.unit = iso_code(c.text);
                next += 1;
                return Some(Step::Emit(vec![item], next));
            }
        }
        Some(Step::Emit(vec![item], next))
    }

    /// A currency named after an amount: "euros", "Canadian dollars", "PLN",
    /// "zł", "€". Returns the code, the end token and an exponent adjustment
    /// for "cents" and "pence".
    pub(super) fn currency_after(
        &self,
        k: usize,
        p: &Phrase<'a>,
    ) -> Option<(&'static str, usize, Option<i32>)> {
        let t = self.near(k)?;
        if t.gap == Gap::Glued && t.kind == TokKind::Word {
            return None;
        }
        if t.kind == TokKind::Punct {
            return match t.text {
                "€" => Some(("EUR", k + 1, None)),
                "₫" => Some(("VND", k + 1, None)),
                _ => None,
            };
        }
        if t.kind != TokKind::Word {
            return None;
        }
        if matches!(t.text, "zł" | "zl") {
            return Some(("PLN", k + 1, None));
        }
        if let Some(code) = iso_code(t.text) {
            if !CODE_WORDS.contains(&t.text)
                && !self
                    .glued_tok(k + 1)
                    .is_some_and(|n| n.kind == TokKind::Word)
            {
                return Some((code, k + 1, None));
            }
            return None;
        }
        // Adjective + currency word: adjectives are capitalised ("Canadian", "U.S.", "CFA").
        let adjectives = if Self::is_cap(t) {
            CURRENCY_ADJECTIVES
        } else {
            &[]
        };
        for (adj, lemma, code) in adjectives {
            let mut m = k;
            let mut ok = true;
            for (n, w) in adj.iter().enumerate() {
                match self.tok(m) {
                    Some(tok)
                        if tok.text.eq_ignore_ascii_case(w)
                            && (n == 0
                                || tok.gap == Gap::Space
                                || *w == "."
                                || tok.gap == Gap::Glued && adj[n - 1] == ".") =>
                    {
                        m += 1
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                continue;
            }
            if let Some(cw) = self
                .tok(m)
                .filter(|c| c.gap == Gap::Space && c.kind == TokKind::Word)
            {
                if currency_lemma(cw.text) == Some(lemma) {
                    return Some((code, m + 1, None));
                }
            }
        }
        let base = with_lower(t.text, |w| CURRENCY_WORDS.get(w).copied())?;
        let code = match base {
            Base::Pound => {
                // Money only with a scale word, "sterling", or a story in pounds.
                let sterling = self.word_eq(k + 1, "sterling");
                if sterling {
                    return Some(("GBP", k + 2, None));
                }
                if !(p.scaled || self.ctx.has_pound_sign()) {
                    return None;
                }
                self.ctx.resolve(Base::Pound)
            }
            Base::Won => {
                if p.plain_digits && p.digits.is_some_and(|d| d.len() == 4 && !d.contains(',')) {
                    return None;
                }
                if !self.ctx.mentions_korea() {
                    return None;
                }
                self.ctx.resolve(Base::Won)
            }
            Base::Cent => {
                // "euro cents".
                return Some(("USD", k + 1, Some(-2)));
            }
            Base::Penny => return Some(("GBP", k + 1, Some(-2))),
            b => self.ctx.resolve(b),
        };
        Some((code, k + 1, None))
    }

    /// "a 107 million loss" in a story that has named its currency.
    pub(super) fn implied_money(&self, items: &mut [Item<'a>]) {
        let mut last_currency: Option<&'static str> = None;
        let first_currency = items
            .iter()
            .find(|it| it.kind == NumberKind::Money)
            .and_then(|it| it.unit);
        for it in items.iter_mut() {
            if it.kind == NumberKind::Money {
                last_currency = it.unit;
                continue;
            }
            if it.kind != NumberKind::Cardinal || !it.scaled || !it.bare {
                continue;
            }
            let rest = &self.text[it.end..];
            let next_word: &str = rest
                .trim_start_matches([' ', '\u{a0}'])
                .split(|c: char| !(c.is_alphabetic() || c == '-'))
                .next()
                .unwrap_or("");
            if in_list(next_word, &MONEY_NOUNS) {
                if let Some(c) = last_currency.or(first_currency) {
                    it.kind = NumberKind::Money;
                    it.unit = Some(c);
                }
            }
        }
    }
}
