//! The closed lists of units a golden file or prediction may use.
//!
//! Quantity units are kept here and in corpus/GUIDELINES.md; a test checks the
//! two agree. Money units are the active ISO 4217 alphabetic codes.

/// Units of measure and time for `quantity` numbers: singular, lower-case.
pub const QUANTITY_UNITS: &[&str] = &[
    // time
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
    // length
    "millimeter",
    "centimeter",
    "meter",
    "kilometer",
    "inch",
    "foot",
    "yard",
    "mile",
    "nautical mile",
    "light-year",
    // area
    "square meter",
    "square kilometer",
    "square mile",
    "hectare",
    "acre",
    // mass
    "milligram",
    "gram",
    "kilogram",
    "tonne",
    "ton",
    "pound",
    "ounce",
    // volume
    "milliliter",
    "liter",
    "cubic meter",
    "gallon",
    "barrel",
    // speed
    "kilometer per hour",
    "mile per hour",
    "knot",
    // temperature
    "degree celsius",
    "degree fahrenheit",
    // energy and power
    "watt",
    "kilowatt",
    "megawatt",
    "gigawatt",
    "kilowatt-hour",
    "megawatt-hour",
    "gigawatt-hour",
    // data
    "byte",
    "kilobyte",
    "megabyte",
    "gigabyte",
    "terabyte",
    // frequency
    "hertz",
    "kilohertz",
    "megahertz",
    "gigahertz",
    // other
    "percentage point",
    "basis point",
    "point",
    "magnitude",
];

/// The units a `year` number may carry: "1990s" is 1990 with unit "decade",
/// "the 1800s" is 1800 with unit "century".
pub const YEAR_UNITS: &[&str] = &["decade", "century"];

/// Active ISO 4217 alphabetic currency codes.
pub const ISO_4217: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VED", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
    "ZWG",
];

/// Whether `code` is an active ISO 4217 currency code.
pub fn is_currency(code: &str) -> bool {
    ISO_4217.binary_search(&code).is_ok()
}

/// Whether `unit` is on the closed list of quantity units.
pub fn is_quantity_unit(unit: &str) -> bool {
    QUANTITY_UNITS.contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes_are_sorted_for_binary_search() {
        assert!(ISO_4217.windows(2).all(|w| w[0] < w[1]));
        assert!(is_currency("PLN") && is_currency("USD") && !is_currency("usd"));
    }
}
