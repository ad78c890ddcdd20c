//! Measure keys (`spans.strict`, `spans.strict/PERSON`) made once per
//! process rather than once per document.
//!
//! Scoring a document yields a few dozen keys from a small, fixed set
//! (measure families × modes × labels): building each as a new `String`
//! was the largest share of scoring's allocations. Keys made by scoring
//! borrow one process-wide copy; keys read back from a report are owned.
//! Either way a key is compared, sorted and written as the text it holds,
//! so reports are unchanged.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use crate::gazetteer::FastHash;
use crate::score::Mode;

/// A measure's key in a document's counts: its text, borrowed from the
/// process's table when scoring made it.
pub type MeasureKey = Cow<'static, str>;

/// The key `family.mode`, or `family.mode/label` with a label.
pub(crate) fn measure_key(
    family: &'static str,
    mode: Mode,
    label: Option<&'static str>,
) -> MeasureKey {
    // Parts looked up by address (static text never changes; a literal
    // with two copies only costs a second cache entry, the same key).
    let id = (
        family.as_ptr() as usize,
        family.len(),
        mode,
        label.map_or(0, |l| l.as_ptr() as usize),
        label.map_or(0, str::len),
    );
    let key = CACHE.with(|cache| {
        if let Some(&key) = cache.borrow().get(&id) {
            return key;
        }
        let key = intern(family, mode, label);
        cache.borrow_mut().insert(id, key);
        key
    });
    Cow::Borrowed(key)
}

/// Where a key's family and label are (address and length), and its mode.
type Id = (usize, usize, Mode, usize, usize);

thread_local! {
    /// This thread's keys met so far, by the addresses of their parts
    /// (foldhash's fixed-seed hasher: SipHash cost more than the
    /// allocation it saves).
    static CACHE: RefCell<HashMap<Id, &'static str, FastHash>> = RefCell::new(HashMap::default());
}

/// The process's one copy of a key: a few hundred at most (families ×
/// modes × labels, labels being types and kinds), kept for the process as
/// declared entity types are.
fn intern(family: &str, mode: Mode, label: Option<&str>) -> &'static str {
    static KEYS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let text = match label {
        Some(label) => format!("{family}.{}/{label}", mode.name()),
        None => format!("{family}.{}", mode.name()),
    };
    let mut keys = KEYS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&known) = keys.get(text.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    keys.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_written_as_before_and_made_once() {
        let a = measure_key("spans", Mode::Strict, Some("PERSON"));
        assert_eq!(a, "spans.strict/PERSON");
        assert_eq!(measure_key("e2e", Mode::Overlap, None), "e2e.overlap");
        // Another thread finds the same copy.
        let b = std::thread::spawn(|| measure_key("spans", Mode::Strict, Some("PERSON")))
            .join()
            .unwrap();
        assert!(std::ptr::eq(a.as_ref(), b.as_ref()));
    }

    #[test]
    fn a_label_with_the_same_text_elsewhere_gives_the_same_key() {
        let owned: &'static str = Box::leak(String::from("ORG").into_boxed_str());
        let a = measure_key("coarse", Mode::Type, Some("ORG"));
        let b = measure_key("coarse", Mode::Type, Some(owned));
        assert_eq!(a, b);
        assert!(std::ptr::eq(a.as_ref(), b.as_ref()));
    }
}
