//! `numbers/normalized`: one row per phenomenon of issue 8 and the
//! guidelines (N1–N24), traps that must yield nothing, properties on
//! arbitrary text, a words/digits round trip, and snapshots of both number
//! extractors over the bundled corpus.

use proptest::prelude::*;
use wirebench::corpus::Document;
use wirebench::extract::numbers::digits::Digits;
use wirebench::extract::numbers::normalized::Normalized;
use wirebench::extract::Extractor;
use wirebench::prediction::PredictedNumber;
use wirebench::schema::NumberValue;

/// An expected value: a number or a date string.
#[derive(Debug, Clone, Copy)]
enum V {
    N(f64),
    D(&'static str),
}
use V::{D, N};

fn predict(text: &str) -> Vec<PredictedNumber> {
    let doc = Document::new("t", text);
    Normalized
        .extract(&doc)
        .expect("never fails")
        .numbers
        .expect("numbers layer attempted")
}

fn value_matches(got: &NumberValue, want: V) -> bool {
    match (got, want) {
        (NumberValue::Number(g), N(w)) => (g - w).abs() <= 1e-9 * g.abs().max(w.abs()),
        (NumberValue::Text(g), D(w)) => g == w,
        _ => false,
    }
}

fn describe(text: &str, numbers: &[PredictedNumber]) -> String {
    numbers
        .iter()
        .map(|n| {
            format!(
                "{:?} {} {} {}",
                &text[n.start..n.end],
                n.kind,
                n.value,
                n.unit.as_deref().unwrap_or("-")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// (sentence, expected span, kind, value, unit): the span must be predicted
/// exactly, with that kind, value and unit.
#[rustfmt::skip]
const PHENOMENA: &[(&str, &str, &str, V, Option<&str>)] = &[
    // Cardinals in digits and words (N1, N2, N15).
    ("A joint school for 1,500 students.", "1,500", "cardinal", N(1500.0), None),
    ("As he departed, the two leaders embraced.", "two", "cardinal", N(2.0), None),
    ("It is aimed at one thing.", "one", "cardinal", N(1.0), None),
    ("One of the stated goals was trade.", "One", "cardinal", N(1.0), None),
    ("It was one of the two options.", "one", "cardinal", N(1.0), None),
    ("He has been a nurse for twenty-five years.", "twenty-five years", "quantity", N(25.0), Some("year")),
    ("They hired twenty-five nurses.", "twenty-five", "cardinal", N(25.0), None),
    ("The list had one hundred and five names.", "one hundred and five", "cardinal", N(105.0), None),
    ("Some two thousand three hundred people came.", "two thousand three hundred", "cardinal", N(2300.0), None),
    ("China has 1.3 billion people.", "1.3 billion", "cardinal", N(1_300_000_000.0), None),
    ("About 3 million residents live there.", "3 million", "cardinal", N(3_000_000.0), None),
    ("Two million doses arrived.", "Two million", "cardinal", N(2_000_000.0), None),
    ("The city has 7 million residents.", "7 million", "cardinal", N(7_000_000.0), None),
    ("More than a dozen counties reported cases.", "a dozen", "cardinal", N(12.0), None),
    ("She bought half a dozen eggs.", "half a dozen", "cardinal", N(6.0), None),
    ("Two dozen people waited.", "Two dozen", "cardinal", N(24.0), None),
    ("A thousand people marched.", "A thousand", "cardinal", N(1000.0), None),
    ("Half a million people fled.", "Half a million", "cardinal", N(500_000.0), None),
    ("Putin, 71, spoke first.", "71", "cardinal", N(71.0), None),
    ("Children under 5 get vitamin A.", "5", "cardinal", N(5.0), None),
    ("It was subscribed 41 times overall.", "41", "cardinal", N(41.0), None),
    ("The council voted 36-22 in favor.", "36", "cardinal", N(36.0), None),
    ("The council voted 36-22 in favor.", "22", "cardinal", N(22.0), None),
    ("Riachuelo beat Saavedra 2-1 on Sunday.", "2", "cardinal", N(2.0), None),
    ("About one in five people need care.", "five", "cardinal", N(5.0), None),
    ("It is eight, not 12.", "12", "cardinal", N(12.0), None),
    ("The 60-seat council met.", "60", "cardinal", N(60.0), None),
    ("A three-member panel ruled.", "three", "cardinal", N(3.0), None),
    ("Saavedra, four-time winners, lost.", "four", "cardinal", N(4.0), None),
    ("The stadium holds zero fans today.", "zero", "cardinal", N(0.0), None),
    // Page and photo counters (N4).
    ("Russia\n\n1 / 16\n\nPutin", "1", "cardinal", N(1.0), None),
    ("Russia\n\n1 / 16\n\nPutin", "16", "cardinal", N(16.0), None),
    ("Gallery\n1/6\nPhoto", "6", "cardinal", N(6.0), None),
    // Fractions (N13).
    ("About two thirds of the cases were children.", "two thirds", "cardinal", N(2.0 / 3.0), None),
    ("About two-thirds of the surface is ice.", "two-thirds", "cardinal", N(2.0 / 3.0), None),
    ("Education takes roughly a third of all spending.", "a third", "cardinal", N(1.0 / 3.0), None),
    ("Snowfall fell by nearly a fifth over the period.", "a fifth", "cardinal", N(0.2), None),
    ("It lost a quarter of its value.", "a quarter", "cardinal", N(0.25), None),
    ("Investors took almost half the anchor book.", "half", "cardinal", N(0.5), None),
    ("It accounted for more than half of sales.", "half", "cardinal", N(0.5), None),
    ("Prices rose three quarters of a point in one and a half years.", "one and a half years", "quantity", N(1.5), Some("year")),
    ("The pipe is 2 1/2 inches wide.", "2 1/2 inches", "quantity", N(2.5), Some("inch")),
    ("One-third of voters stayed home.", "One-third", "cardinal", N(1.0 / 3.0), None),
    // Ordinals (N6, N22, N24).
    ("Putin began his fifth term.", "fifth", "ordinal", N(5.0), None),
    ("Xi began his third last year.", "third", "ordinal", N(3.0), None),
    ("They fought during the second Sino-Japanese war.", "second", "ordinal", N(2.0), None),
    ("They jumped 12% on their first day.", "first", "ordinal", N(1.0), None),
    ("First, prices rose.", "First", "ordinal", N(1.0), None),
    ("He scored in the 90th minute.", "90th", "ordinal", N(90.0), None),
    ("It finished 2nd overall.", "2nd", "ordinal", N(2.0), None),
    ("It was his 21st title and 3rd cup.", "21st", "ordinal", N(21.0), None),
    ("It shrank through the 20th century.", "20th", "ordinal", N(20.0), None),
    ("A third-party audit followed.", "third", "ordinal", N(3.0), None),
    ("He took a second look at the file.", "second", "ordinal", N(2.0), None),
    ("It was the twenty-first attempt.", "twenty-first", "ordinal", N(21.0), None),
    ("She is the world's No. 2 player.", "No. 2", "ordinal", N(2.0), None),
    ("They marked the hundredth anniversary.", "hundredth", "ordinal", N(100.0), None),
    // Money (N9, N10).
    ("Trade increased to $240 billion last year.", "$240 billion", "money", N(240e9), Some("USD")),
    ("Debt reached US$3.4 trillion.", "US$3.4 trillion", "money", N(3.4e12), Some("USD")),
    ("The fine was C$700,000.", "C$700,000", "money", N(700_000.0), Some("CAD")),
    ("It raised A$50 million.", "A$50 million", "money", N(50e6), Some("AUD")),
    ("The prize is NZ$2 million.", "NZ$2 million", "money", N(2e6), Some("NZD")),
    ("It sold for HK$1.2 billion.", "HK$1.2 billion", "money", N(1.2e9), Some("HKD")),
    ("The budget is €4.5 million.", "€4.5 million", "money", N(4.5e6), Some("EUR")),
    ("The loss was £107 million.", "£107 million", "money", N(107e6), Some("GBP")),
    ("Tickets cost ¥3,000.", "¥3,000", "money", N(3000.0), Some("JPY")),
    ("It costs ₹5 crore.", "₹5 crore", "money", N(5e7), Some("INR")),
    ("It closed at Rs 302.40.", "Rs 302.40", "money", N(302.4), Some("INR")),
    ("The stock opened at Rs. 314 on Monday.", "Rs. 314", "money", N(314.0), Some("INR")),
    ("Fees rose to Rs 2 lakh.", "Rs 2 lakh", "money", N(200_000.0), Some("INR")),
    ("The plan costs 1.5 lakh crore rupees.", "1.5 lakh crore rupees", "money", N(1.5e12), Some("INR")),
    ("The debt is ₦5bn.", "₦5bn", "money", N(5e9), Some("NGN")),
    ("Each gets GH₵500.", "GH₵500", "money", N(500.0), Some("GHS")),
    ("A permit costs R5 billion.", "R5 billion", "money", N(5e9), Some("ZAR")),
    ("A rickshaw ride costs Tk 50.", "Tk 50", "money", N(50.0), Some("BDT")),
    ("A meal costs S/ 20.", "S/ 20", "money", N(20.0), Some("PEN")),
    ("It relies on 2.1 billion złoty of new debt.", "2.1 billion złoty", "money", N(2.1e9), Some("PLN")),
    ("It backs 27.4 billion zlotys in spending.", "27.4 billion zlotys", "money", N(27.4e9), Some("PLN")),
    ("The subsidy will fall by PLN 140 million.", "PLN 140 million", "money", N(140e6), Some("PLN")),
    ("The fund holds 5 million yuan.", "5 million yuan", "money", N(5e6), Some("CNY")),
    ("The company is worth 96 billion rupees.", "96 billion rupees", "money", N(96e9), Some("INR")),
    ("It paid 10,000 rubles.", "10,000 rubles", "money", N(10_000.0), Some("RUB")),
    ("It cost 600,000 euros.", "600,000 euros", "money", N(600_000.0), Some("EUR")),
    ("Voters got 60,000 cedis.", "60,000 cedis", "money", N(60_000.0), Some("GHS")),
    ("It owes 2 billion naira.", "2 billion naira", "money", N(2e9), Some("NGN")),
    ("A bond of 500 million taka was sold.", "500 million taka", "money", N(500e6), Some("BDT")),
    ("Rent is 9,000 dirhams.", "9,000 dirhams", "money", N(9000.0), Some("AED")),
    ("Bread costs 40 lira.", "40 lira", "money", N(40.0), Some("TRY")),
    ("Tuition is 12 million won in Seoul, South Korea.", "12 million won", "money", N(12e6), Some("KRW")),
    ("A ticket costs 30 soles.", "30 soles", "money", N(30.0), Some("PEN")),
    ("The fine is 2 million rand.", "2 million rand", "money", N(2e6), Some("ZAR")),
    ("Rent is 6,000 shekels.", "6,000 shekels", "money", N(6000.0), Some("ILS")),
    ("The bank fined it 3 million Swiss francs.", "3 million Swiss francs", "money", N(3e6), Some("CHF")),
    ("It raised 900 million Canadian dollars.", "900 million Canadian dollars", "money", N(900e6), Some("CAD")),
    ("The fee is 140 million PLN.", "140 million PLN", "money", N(140e6), Some("PLN")),
    ("They paid EUR 3 billion.", "EUR 3 billion", "money", N(3e9), Some("EUR")),
    ("It costs 50 cents.", "50 cents", "money", N(0.5), Some("USD")),
    ("BUENOS AIRES, Argentina — The winners get 1.5 billion pesos.", "1.5 billion pesos", "money", N(1.5e9), Some("ARS")),
    ("MEXICO CITY (AP) — Repairs will cost 2 billion pesos.", "2 billion pesos", "money", N(2e9), Some("MXN")),
    ("MANILA, Philippines — Damage reached 2 billion pesos.", "2 billion pesos", "money", N(2e9), Some("PHP")),
    ("KARACHI, Pakistan — Petrol costs 250 rupees a liter.", "250 rupees", "money", N(250.0), Some("PKR")),
    ("AMMAN, Jordan — The grant is 5 million dinars.", "5 million dinars", "money", N(5e6), Some("JOD")),
    ("NAIROBI, Kenya — Nurses earn 50,000 shillings.", "50,000 shillings", "money", N(50_000.0), Some("KES")),
    ("A bare dollar sign is USD: $5.", "$5", "money", N(5.0), Some("USD")),
    // Ranges with a shared scale, currency, unit (N10).
    ("It will cost $5–$7 billion.", "$5", "money", N(5e9), Some("USD")),
    ("It will cost $5–$7 billion.", "$7 billion", "money", N(7e9), Some("USD")),
    ("It will cost between $5 and $7 billion.", "$5", "money", N(5e9), Some("USD")),
    ("It will cost between $5 and $7 billion.", "$7 billion", "money", N(7e9), Some("USD")),
    ("Tickets sold for between 40,000 and 120,000 pesos.", "40,000", "money", N(40_000.0), Some("MXN")),
    ("Sales will grow between 3 and 5 percent.", "3", "percent", N(3.0), None),
    ("Sales will grow 5-7% this year.", "5", "percent", N(5.0), None),
    ("Sales will grow 5-7% this year.", "7%", "percent", N(7.0), None),
    ("Levels fell by 1.5 to 2 meters a year.", "1.5", "quantity", N(1.5), Some("meter")),
    ("Keep between 2 and 8 degrees Celsius.", "2", "quantity", N(2.0), Some("degree celsius")),
    ("It takes between 10 and 20 years.", "10", "quantity", N(10.0), Some("year")),
    ("It takes two or three days.", "two", "quantity", N(2.0), Some("day")),
    ("Between 5 and 7 million people moved.", "5", "cardinal", N(5e6), None),
    ("The 2023-24 season ended.", "2023", "year", N(2023.0), None),
    ("The 2023-24 season ended.", "24", "year", N(2024.0), None),
    ("The 1991-2020 norm was warmer.", "2020", "year", N(2020.0), None),
    ("It runs May 17-18, 2024.", "May 17", "date", D("2024-05-17"), None),
    ("It runs May 17-18, 2024.", "18, 2024", "date", D("2024-05-18"), None),
    ("It opens Oct. 20 and 22.", "22", "date", D("XXXX-10-22"), None),
    // Percent (N19).
    ("Shares jumped 12% in Mumbai.", "12%", "percent", N(12.0), None),
    ("It closed up 8 percent.", "8 percent", "percent", N(8.0), None),
    ("Margins grew by about 2 per cent.", "2 per cent", "percent", N(2.0), None),
    ("Coverage stood at 62.4 percent.", "62.4 percent", "percent", N(62.4), None),
    ("Turnout was five percent.", "five percent", "percent", N(5.0), None),
    ("Rates rose 2 percentage points.", "2 percentage points", "quantity", N(2.0), Some("percentage point")),
    ("The bank cut by a quarter percentage point.", "a quarter percentage point", "quantity", N(0.25), Some("percentage point")),
    // Quantities (N5, N8, N20, N21) with spellings and abbreviations.
    ("Putin concluded a two-day visit.", "two-day", "quantity", N(2.0), Some("day")),
    ("A 10-day campaign began.", "10-day", "quantity", N(10.0), Some("day")),
    ("A 19-year-old scored.", "19-year-old", "quantity", N(19.0), Some("year")),
    ("He is 71 years old.", "71 years", "quantity", N(71.0), Some("year")),
    ("It had a 10-kilometer course.", "10-kilometer", "quantity", N(10.0), Some("kilometer")),
    ("A 500-cubic-meter threshold applies.", "500-cubic-meter", "quantity", N(500.0), Some("cubic meter")),
    ("The planet is 110 light-years away.", "110 light-years", "quantity", N(110.0), Some("light-year")),
    ("It orbits every 33 Earth days.", "33 Earth days", "quantity", N(33.0), Some("day")),
    ("They waited 27 years.", "27 years", "quantity", N(27.0), Some("year")),
    ("It pulled back 1.3 kilometers (0.8 miles).", "1.3 kilometers", "quantity", N(1.3), Some("kilometer")),
    ("It pulled back 1.3 kilometers (0.8 miles).", "0.8 miles", "quantity", N(0.8), Some("mile")),
    ("A 10km race and a 35mm print.", "10km", "quantity", N(10.0), Some("kilometer")),
    ("She kept a 35 mm print.", "35 mm", "quantity", N(35.0), Some("millimeter")),
    ("It weighs 5 kg.", "5 kg", "quantity", N(5.0), Some("kilogram")),
    ("It covers 1,260 square kilometers.", "1,260 square kilometers", "quantity", N(1260.0), Some("square kilometer")),
    ("It covers 486 sq mi.", "486 sq mi", "quantity", N(486.0), Some("square mile")),
    ("It holds 45 million cubic meters.", "45 million cubic meters", "quantity", N(45e6), Some("cubic meter")),
    ("It loses 1.6 billion tonnes of ice.", "1.6 billion tonnes", "quantity", N(1.6e9), Some("tonne")),
    ("It shipped 3 metric tons.", "3 metric tons", "quantity", N(3.0), Some("tonne")),
    ("It pumps 5 million barrels a day.", "5 million barrels", "quantity", N(5e6), Some("barrel")),
    ("Winds reached 185 kph.", "185 kph", "quantity", N(185.0), Some("kilometer per hour")),
    ("Winds reached 115 mph.", "115 mph", "quantity", N(115.0), Some("mile per hour")),
    ("Winds reached 130 km/h.", "130 km/h", "quantity", N(130.0), Some("kilometer per hour")),
    ("Winds reached 120 kilometers per hour.", "120 kilometers per hour", "quantity", N(120.0), Some("kilometer per hour")),
    ("It sailed at 12 knots.", "12 knots", "quantity", N(12.0), Some("knot")),
    ("It averaged 1.1 degrees Celsius above.", "1.1 degrees Celsius", "quantity", N(1.1), Some("degree celsius")),
    ("It averaged 2 degrees Fahrenheit above.", "2 degrees Fahrenheit", "quantity", N(2.0), Some("degree fahrenheit")),
    ("It hit 40°C in the shade.", "40°C", "quantity", N(40.0), Some("degree celsius")),
    ("It fell to minus 5 degrees Celsius.", "minus 5 degrees Celsius", "quantity", N(-5.0), Some("degree celsius")),
    ("It fell to −4°F overnight.", "−4°F", "quantity", N(-4.0), Some("degree fahrenheit")),
    ("The plant makes 500 MW.", "500 MW", "quantity", N(500.0), Some("megawatt")),
    ("Homes use 10 kilowatt-hours a day.", "10 kilowatt-hours", "quantity", N(10.0), Some("kilowatt-hour")),
    ("The chip has 48 gigabytes.", "48 gigabytes", "quantity", N(48.0), Some("gigabyte")),
    ("The phone has 256 GB of storage.", "256 GB", "quantity", N(256.0), Some("gigabyte")),
    ("It listens at 150 megahertz.", "150 megahertz", "quantity", N(150.0), Some("megahertz")),
    ("Each child gets a 0.5-milliliter dose.", "0.5-milliliter", "quantity", N(0.5), Some("milliliter")),
    ("It lasted about 30 seconds.", "30 seconds", "quantity", N(30.0), Some("second")),
    ("The DAX rose 120 points.", "120 points", "quantity", N(120.0), Some("point")),
    ("A magnitude 7.1 earthquake struck.", "magnitude 7.1", "quantity", N(7.1), Some("magnitude")),
    ("A 6.4-magnitude aftershock followed.", "6.4-magnitude", "quantity", N(6.4), Some("magnitude")),
    ("It has lasted four decades.", "four decades", "quantity", N(4.0), Some("decade")),
    ("It took half an hour.", "half an hour", "quantity", N(0.5), Some("hour")),
    ("It weighs 300 pounds.", "300 pounds", "quantity", N(300.0), Some("pound")),
    // Years, decades, centuries (N11, N16, E23).
    ("Russia invaded Ukraine in 2022.", "2022", "year", N(2022.0), None),
    ("After the 2022 invasion, trade grew.", "2022", "year", N(2022.0), None),
    ("Growth slowed from mid-2019.", "2019", "year", N(2019.0), None),
    ("It was 2024's biggest deal.", "2024", "year", N(2024.0), None),
    ("The 1992 Constitution was amended.", "1992", "year", N(1992.0), None),
    ("In 1492 Columbus sailed.", "1492", "year", N(1492.0), None),
    ("It was less than half in the 1990s.", "1990s", "year", N(1990.0), Some("decade")),
    ("It was popular in the ’90s.", "’90s", "year", N(1990.0), Some("decade")),
    ("It was popular in the mid-1990s.", "1990s", "year", N(1990.0), Some("decade")),
    ("It was finished in the 2000s.", "2000s", "year", N(2000.0), Some("decade")),
    ("Railways spread in the 1800s.", "1800s", "year", N(1800.0), Some("century")),
    ("The 2,000 police officers left.", "2,000", "cardinal", N(2000.0), None),
    // Dates (N17).
    ("It happened on Friday, May 17, 2024.", "May 17, 2024", "date", D("2024-05-17"), None),
    ("It opens on Feb. 3, 2025.", "Feb. 3, 2025", "date", D("2025-02-03"), None),
    ("It listed on Sept. 24, 2025.", "Sept. 24, 2025", "date", D("2025-09-24"), None),
    ("The summit is on Nov. 18.", "Nov. 18", "date", D("XXXX-11-18"), None),
    ("The summit is on November 18.", "November 18", "date", D("XXXX-11-18"), None),
    ("The year ended March 31, with profits.", "March 31", "date", D("XXXX-03-31"), None),
    ("He took charge in March 2024.", "March 2024", "date", D("2024-03"), None),
    ("It opened on 17 May 2024.", "17 May 2024", "date", D("2024-05-17"), None),
    ("It opened on 3 March.", "3 March", "date", D("XXXX-03-03"), None),
    ("It was the 17th of May, June 9th.", "June 9th", "date", D("XXXX-06-09"), None),
    ("Results for FY 2025 and fiscal 2024 came.", "2025", "year", N(2025.0), None),
    ("The file is dated 2024-05-17.", "2024-05-17", "date", D("2024-05-17"), None),
    // Clock times (N18).
    ("Polls close at 3 p.m. on Friday.", "3 p.m.", "cardinal", N(15.0), None),
    ("It starts at 10:30 a.m.", "10:30 a.m.", "cardinal", N(10.5), None),
    ("It starts at 7pm.", "7pm", "cardinal", N(19.0), None),
    ("It ended at 15:45.", "15:45", "cardinal", N(15.75), None),
    ("It struck at 12 a.m.", "12 a.m.", "cardinal", N(0.0), None),
    // The example of the doc comment.
    ("revenue rose 34 percent to 21.6 billion rupees by May 17, 2024", "34 percent", "percent", N(34.0), None),
    ("revenue rose 34 percent to 21.6 billion rupees by May 17, 2024", "21.6 billion rupees", "money", N(21.6e9), Some("INR")),
    ("revenue rose 34 percent to 21.6 billion rupees by May 17, 2024", "May 17, 2024", "date", D("2024-05-17"), None),
    // Odds and ends of wire style.
    ("It was a top-10 finish.", "10", "cardinal", N(10.0), None),
    ("It rose .5% on Monday.", ".5%", "percent", N(0.5), None),
    ("She was the 1,000th visitor.", "1,000th", "ordinal", N(1000.0), None),
    ("Christmas 2024 sales fell.", "2024", "year", N(2024.0), None),
    ("The reserve covers 5 km2.", "5 km2", "quantity", N(5.0), Some("square kilometer")),
    ("NAIROBI, Kenya — The plan costs Sh5 billion.", "Sh5 billion", "money", N(5e9), Some("KES")),
    ("Output hit 300 mln tonnes.", "300 mln tonnes", "quantity", N(300e6), Some("tonne")),
    ("A 7.1 quake hit at 0546 GMT.", "0546", "cardinal", N(5.0 + 46.0 / 60.0), None),
    ("Winds of 185 kilometers (115 miles) per hour.", "115 miles", "quantity", N(115.0), Some("mile per hour")),
    ("A magnitude-7.1 earthquake hit.", "magnitude-7.1", "quantity", N(7.1), Some("magnitude")),
    ("It was a quarter-century ago.", "a quarter-century", "quantity", N(0.25), Some("century")),
    // Implied currency (rules: "a 107 million loss" in a story in pounds).
    ("It earned £5 million, then a 107 million loss.", "107 million", "money", N(107e6), Some("GBP")),
];

#[test]
fn every_phenomenon_gets_its_span_kind_value_and_unit() {
    let mut failures = Vec::new();
    for (text, span, kind, value, unit) in PHENOMENA {
        let numbers = predict(text);
        let hit = numbers.iter().find(|n| &text[n.start..n.end] == *span);
        let ok = hit.is_some_and(|n| {
            n.kind.name() == *kind && value_matches(&n.value, *value) && n.unit.as_deref() == *unit
        });
        if !ok {
            failures.push(format!(
                "{text:?}: want {span:?} {kind} {value:?} {unit:?}; got [{}]",
                describe(text, &numbers)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sentences whose every number is a trap: nothing may be predicted.
#[rustfmt::skip]
const TRAPS: &[&str] = &[
    // Digits inside names and identifiers (N7).
    "Astronomers studied K2-18b closely.",
    "The COVID-19 pandemic slowed vaccination.",
    "Leaders of the G7 met.",
    "The Boeing 737 was grounded.",
    "Seorin unveiled the HBX-48.",
    "The typhoon prompted Signal No. 4 across the province.",
    "The weather bureau kept wind signal No. 3 in place.",
    "They drove Route 66 to see Apollo 11.",
    "Flight 370 vanished; Resolution 2231 lapsed.",
    "Upgrade to Windows 11 or buy an iPhone 15.",
    "The S&P 500 and the FTSE 100 fell.",
    "The Hielo Austral 2025 expedition ended.",
    "It came ahead of the COP30 summit.",
    "A new 4K restoration and a 5G network.",
    "She lives at 10 Downing Street.",
    "He was charged under Section 217.1 and runs Windows 3.1.",
    "Reporters waited outside No. 10 Downing Street.",
    "They dived head-first.",
    "The Under-17 World Cup began.",
    "Under Section 25(2) of the act.",
    "The Second World War ended.",
    "World War II and Elizabeth II.",
    "The Fifth Fleet sailed.",
    "He won Formula One.",
    "The 20th Party Congress opened.",
    "It runs 24/7 and marks 9/11.",
    "Install version 1.2.3 today.",
    "The MRVax-TS and S3 Pro are new.",
    "The Sentinel-2 satellites watched.",
    // Phone numbers.
    "Call +1 416-555-0199 for details.",
    "Call (555) 123-4567 now.",
    "Call 020 7946 0958 today.",
    // Vague plurals.
    "Hundreds of people gathered.",
    "Thousands of nurses fanned out.",
    "Dozens of firms listed.",
    "Millions of dollars were lost.",
    "Tens of thousands fled.",
    "Hundreds of thousands of refugees crossed.",
    "Several hundred workers gathered.",
    "A few hundred more came.",
    // Relative time words (N3).
    "Last year prices rose.",
    "This month the plan changed.",
    "They meet once a year.",
    "It happened the previous day.",
    "He called twice and prices may double.",
    "Since last May, cases rose.",
    "They meet in mid-May.",
    "The storm hit in October.",
    // Articles, both, single, several, pair, couple (N23).
    "A man and an official spoke.",
    "Both Russia and China agreed.",
    "Each child gets a single dose.",
    "Several times a couple of days a pair of shoes.",
    "Many people came.",
    // Pronoun "one" (N2).
    "Democracies will defend one another.",
    "He was the one who spoke.",
    "No one knows why.",
    "I just happened to be the one standing there.",
    "It is one's duty.",
    // "second" as a unit of time, halves as nouns, "half" in compounds.
    "Wait for a second.",
    "A split second later it fell.",
    "At halftime they were halfway there.",
    "His half-brother came.",
    // Weekdays and months alone (E20).
    "They met on Friday in May.",
];

#[test]
fn traps_yield_nothing() {
    let mut failures = Vec::new();
    for text in TRAPS {
        let numbers = predict(text);
        if !numbers.is_empty() {
            failures.push(format!("{text:?}: got [{}]", describe(text, &numbers)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// (sentence, trap): no span may overlap the first occurrence of the trap.
#[rustfmt::skip]
const TRAP_WORDS: &[(&str, &str)] = &[
    ("He scored in the first half.", "half"),
    ("The second half of the 20th century was cold.", "half"),
    ("They met in the third quarter.", "quarter"),
    ("The second Sino-Japanese war ended; the Second World War too.", "Second"),
    ("Riachuelo beat Saavedra 2-1 and the S3 Pro sold 210,000 units.", "S3"),
    ("The study, “El glaciar, 1945,” covered Pío XI and 1,260 square kilometers.", "XI"),
    ("He met 23 students and one another.", "one another"),
    ("Fans of both clubs, 2,000 police officers and a single steward.", "both"),
    ("About 14 scientists spent a decade in Chile.", "a decade"),
    ("Putin, 71, said the COVID-19 crisis cost $240 billion.", "COVID-19"),
    ("Hours after 3 p.m., once a year, 12 people met.", "once a year"),
    ("They met one-on-one (N5: the first \"one\" counts).", "-on-one"),
];

#[test]
fn trap_words_are_left_out_of_every_span() {
    let mut failures = Vec::new();
    for (text, trap) in TRAP_WORDS {
        let at = text.find(trap).expect("trap occurs in its sentence");
        let numbers = predict(text);
        if numbers.is_empty()
            || numbers
                .iter()
                .any(|n| n.start < at + trap.len() && at < n.end)
        {
            failures.push(format!(
                "{text:?} ({trap:?}): got [{}]",
                describe(text, &numbers)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn approximators_weekdays_and_the_stay_outside_the_span() {
    let text =
        "About 130 people, nearly 6 million children, more than 300 jobs, at least 45 dead, \
                on Friday, May 17, 2024, in the 1990s, an estimated 200,000 residents.";
    let spans: Vec<&str> = predict(text)
        .iter()
        .map(|n| &text[n.start..n.end])
        .collect();
    assert_eq!(
        spans,
        [
            "130",
            "6 million",
            "300",
            "45",
            "May 17, 2024",
            "1990s",
            "200,000"
        ]
    );
}

#[test]
fn values_beyond_f64_are_refused() {
    let huge = format!("They counted {} stars.", "9".repeat(400));
    assert!(predict(&huge).is_empty(), "{:?}", predict(&huge));
    let scaled = format!("It costs ${} trillion.", "9".repeat(300));
    assert!(predict(&scaled).is_empty(), "{:?}", predict(&scaled));
    // The baseline refuses them too.
    let doc = Document::new("t", huge.as_str());
    assert!(Digits.extract(&doc).unwrap().numbers.unwrap().is_empty());
    // A large but finite value is kept.
    let big = format!("They counted {} stars.", "9".repeat(300));
    assert_eq!(predict(&big).len(), 1);
}

#[test]
fn sentences_with_many_numbers_read_in_full() {
    let text = "Trade between the two countries rose 34 percent to $240 billion in 2023, \
                and about two thirds of it moved by rail on May 17, 2024, at 3 p.m.";
    insta::assert_snapshot!(
        "sentence_many_numbers",
        describe(text, &predict(text)).replace("; ", "\n")
    );
}

// ---------------------------------------------------------------------------
// Properties

fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        " ",
        "\n",
        "\r\n",
        ".",
        ",",
        "-",
        "–",
        "—",
        "/",
        ":",
        "(",
        ")",
        "’",
        "'",
        "“",
        "”",
        "$",
        "US$",
        "€",
        "£",
        "¥",
        "₹",
        "GH₵",
        "%",
        "°",
        "°C",
        "−",
        "½",
        "Rs",
        "R",
        "S/",
        "PLN",
        "No.",
        "No",
        "May",
        "Sept.",
        "Friday",
        "a",
        "an",
        "the",
        "and",
        "between",
        "to",
        "one",
        "two",
        "twenty",
        "-five",
        "hundred",
        "thousand",
        "million",
        "billion",
        "crore",
        "lakh",
        "dozen",
        "half",
        "third",
        "thirds",
        "quarter",
        "first",
        "second",
        "percent",
        "per",
        "cent",
        "percentage",
        "points",
        "km",
        "kilometers",
        "per hour",
        "square",
        "degrees",
        "Celsius",
        "years",
        "-year-old",
        "-day",
        "p.m.",
        "a.m.",
        "minus",
        "magnitude",
        "s",
        "th",
        "st",
        "1,500",
        "2.5",
        "1990",
        "2024",
        "17",
        "0",
        "007",
        "12:30",
        "K2-18b",
        "COVID-19",
        "Boeing",
        "Zoë",
        "Łódź",
        "złoty",
        "e\u{301}",
        "🙂",
        "١٢٣",
        "9999999999999999999999",
    ]);
    let absurd = "[0-9]{1,400}".prop_map(|s| s);
    prop::collection::vec(
        prop_oneof![
            6 => pieces.prop_map(str::to_owned),
            1 => absurd,
            2 => "\\PC{0,4}",
        ],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_keeps_spans_sound(text in news_like()) {
        let numbers = predict(&text);
        for n in &numbers {
            prop_assert!(n.start < n.end && n.end <= text.len(), "span {}..{} outside", n.start, n.end);
            prop_assert!(text.is_char_boundary(n.start) && text.is_char_boundary(n.end));
            prop_assert!(!text[n.start..n.end].starts_with(char::is_whitespace));
            prop_assert!(!text[n.start..n.end].ends_with(char::is_whitespace));
            if let NumberValue::Number(v) = n.value {
                prop_assert!(v.is_finite());
            }
        }
        for w in numbers.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "sorted, no overlap: {:?}", describe(&text, &numbers));
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        let numbers = predict(&text);
        prop_assert!(numbers.iter().all(|n| text.is_char_boundary(n.start) && text.is_char_boundary(n.end)));
        prop_assert!(numbers.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn digits_with_commas_round_trip(n in 0u64..1_000_000_000_000) {
        let text = format!("They counted {} birds.", with_commas(n));
        let numbers = predict(&text);
        prop_assert_eq!(numbers.len(), 1, "{}", describe(&text, &numbers));
        prop_assert_eq!(&text[numbers[0].start..numbers[0].end], with_commas(n));
        prop_assert_eq!(&numbers[0].value, &NumberValue::Number(n as f64));
    }

    #[test]
    fn words_round_trip(n in 0u64..1_000_000, british in any::<bool>()) {
        let words = in_words(n, british);
        let text = format!("They counted {words} birds.");
        let numbers = predict(&text);
        prop_assert_eq!(numbers.len(), 1, "{}", describe(&text, &numbers));
        prop_assert_eq!(&text[numbers[0].start..numbers[0].end], words.as_str());
        prop_assert_eq!(&numbers[0].value, &NumberValue::Number(n as f64));
    }
}

fn with_commas(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// English words for `n` < 1,000,000; `british` puts "and" after hundreds.
fn in_words(n: u64, british: bool) -> String {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = [
        "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    fn below_100(n: u64) -> String {
        if n < 20 {
            ONES[n as usize].to_owned()
        } else if n.is_multiple_of(10) {
            TENS[(n / 10) as usize].to_owned()
        } else {
            format!("{}-{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize])
        }
    }
    fn below_1000(n: u64, british: bool) -> String {
        if n < 100 {
            return below_100(n);
        }
        let head = format!("{} hundred", ONES[(n / 100) as usize]);
        match n % 100 {
            0 => head,
            r if british => format!("{head} and {}", below_100(r)),
            r => format!("{head} {}", below_100(r)),
        }
    }
    if n < 1000 {
        return below_1000(n, british);
    }
    let head = format!("{} thousand", below_1000(n / 1000, british));
    match n % 1000 {
        0 => head,
        r if british && r < 100 => format!("{head} and {}", below_100(r)),
        r => format!("{head} {}", below_1000(r, british)),
    }
}
