//! JSON read strictly: an object with the same key twice is an error naming
//! the JSON path.
//!
//! Why: serde_json keeps the last of two equal keys, so a golden file with
//! `"entities": []` appended validates "ok" and silently drops every gold
//! mention before it. Golden files, the manifest and label maps are read as
//! [`serde_json::Value`] or maps, so this walk runs before they are parsed.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};

/// The first duplicate key of `bytes` as a message naming its JSON path
/// (e.g. ``duplicate key `entities` at `entities` ``); `None` when every
/// object's keys are distinct or the bytes are not JSON (the parser reports that).
pub fn duplicate_key(bytes: &[u8]) -> Option<String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match Walk("").deserialize(&mut de) {
        Err(e) if e.is_data() => Some(e.to_string()),
        _ => None,
    }
}

/// A JSON value parsed in the same pass that refuses a repeated key (an
/// error without its path: the caller that meets one parses the file again
/// with [`duplicate_key`] to name it). Lets a typed parse of a large file
/// hold free-form parts without a second pass over the file for keys.
pub(crate) struct Unique;

impl<'de> DeserializeSeed<'de> for Unique {
    type Value = serde_json::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique {
    type Value = serde_json::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, Into::into))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_json::Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Unique)? {
            items.push(item);
        }
        Ok(items.into())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                return Err(A::Error::custom(format!("duplicate key `{key}`")));
            }
            let value = map.next_value_seed(Unique)?;
            object.insert(key, value);
        }
        Ok(object.into())
    }
}

/// Walks a JSON value; holds the JSON path of the value.
struct Walk<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        while seq
            .next_element_seed(Walk(&format!("{}[{i}]", self.0)))?
            .is_some()
        {
            i += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = if self.0.is_empty() {
                key.clone()
            } else {
                format!("{}.{key}", self.0)
            };
            if !seen.insert(key) {
                return Err(A::Error::custom(format!("duplicate key at `{path}`")));
            }
            map.next_value_seed(Walk(&path))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_found_with_its_path_at_any_depth() {
        assert_eq!(duplicate_key(br#"{"a": 1, "b": [{"c": 1}]}"#), None);
        let top = duplicate_key(br#"{"entities": [1], "quotes": [], "entities": []}"#).unwrap();
        assert!(top.starts_with("duplicate key at `entities`"), "{top}");
        let deep = duplicate_key(br#"{"q": [{}, {"x": 1, "x": 2}]}"#).unwrap();
        assert!(deep.starts_with("duplicate key at `q[1].x`"), "{deep}");
        assert_eq!(duplicate_key(b"{not json"), None);
    }

    #[test]
    fn a_unique_value_is_the_value_and_a_repeated_key_is_refused() {
        let json = r#"{"a": [1, -2, 0.5, "x", null, true, {"b": {}}], "c": {"d": []}}"#;
        let mut de = serde_json::Deserializer::from_str(json);
        let value = Unique.deserialize(&mut de).unwrap();
        assert_eq!(
            value,
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        for repeated in [r#"{"a": 1, "a": 1}"#, r#"[{"b": [{"c": 1, "c": 2}]}]"#] {
            let mut de = serde_json::Deserializer::from_str(repeated);
            assert!(Unique.deserialize(&mut de).is_err(), "{repeated}");
        }
    }
}
