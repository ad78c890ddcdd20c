//! Extractors: the [`Extractor`] trait and the [`Registry`] that holds them.
//!
//! The trait is deliberately small (an id, the layers, one method) so that a
//! wrapper around spaCy output, a transformer or an LLM pipeline is a few
//! lines. Built-ins live one file each, grouped by layer; the registry comes
//! pre-filled with them (per layer, the baseline first) and takes any other
//! extractor through [`Registry::register`], as tantivy's tokenizer manager
//! does, so that every command that names an extractor sees users' ones too.

pub mod entities;
pub mod numbers;
pub mod quotes;

use std::sync::Arc;

use crate::corpus::Document;
use crate::error::{Error, ExtractError};
use crate::prediction::Prediction;
use crate::schema::Layer;

/// Something that reads a document and predicts entities, quotes or numbers.
///
/// `Send + Sync` because the runner calls one shared instance from many
/// threads; an extractor keeps compiled patterns or a loaded model, never
/// per-document state.
///
/// ```
/// use wirebench::corpus::Document;
/// use wirebench::extract::Extractor;
/// use wirebench::prediction::{PredictedEntity, Prediction};
/// use wirebench::schema::Layer;
/// use wirebench::ExtractError;
///
/// /// Every "Paris" is a GPE.
/// struct Paris;
///
/// impl Extractor for Paris {
///     fn id(&self) -> &str {
///         "demo/paris"
///     }
///     fn layers(&self) -> &[Layer] {
///         &[Layer::Entities]
///     }
///     fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError> {
///         let entities = doc
///             .text
///             .match_indices("Paris")
///             .map(|(start, m)| PredictedEntity { start, end: start + m.len(), ty: "GPE".into() })
///             .collect();
///         Ok(Prediction { entities: Some(entities), ..Prediction::default() })
///     }
/// }
///
/// let doc = Document::new("d", "PARIS — Paris is calm.");
/// assert_eq!(Paris.extract(&doc).unwrap().entities.unwrap().len(), 1);
/// ```
pub trait Extractor: Send + Sync {
    /// Stable id, `<family>/<name>`, e.g. `numbers/digits`; reports are keyed by it.
    fn id(&self) -> &str;

    /// The layers `extract` fills; the others are left `None` and not scored.
    fn layers(&self) -> &[Layer];

    /// Predicts spans for one document, with byte offsets into `doc.text`.
    fn extract(&self, doc: &Document) -> Result<Prediction, ExtractError>;

    /// Loads whatever the extractor needs once (lists, automata, models)
    /// before the runner starts its clock. It runs under the same failure
    /// isolation as `extract`: an error or a panic fails this extractor on
    /// every document with the reason, and the run goes on. Does nothing by
    /// default.
    fn prepare(&self) -> Result<(), ExtractError> {
        Ok(())
    }

    /// How many documents [`Extractor::extract_batch`] wants at once; 1 by default.
    fn batch_size(&self) -> usize {
        1
    }

    /// Predicts a batch of documents, one result per document in order; a
    /// GPU model or an LLM client overrides it to send one request per
    /// batch. By default, [`Extractor::extract`] on each.
    fn extract_batch(&self, docs: &[&Document]) -> Vec<Result<Prediction, ExtractError>> {
        docs.iter().map(|doc| self.extract(doc)).collect()
    }

    /// What the extractor measured itself since `prepare` (its worker
    /// count, the documents its cache served, each document's own time),
    /// taken and reset by the runner after each pass. An extractor that
    /// runs child processes or answers from a cache knows what the runner's
    /// wall clock cannot; `None` (the default) lets the runner time it.
    fn take_measurement(&self) -> Option<crate::runner::Measurement> {
        None
    }
}

/// The extractors a run, a comparison or an explanation can name.
///
/// [`Registry::default`] holds the built-ins; [`Registry::register`] adds
/// users' own, which every command then sees like a built-in.
///
/// ```
/// use wirebench::extract::Registry;
///
/// let registry = Registry::default();
/// assert!(registry.get("entities/gazetteer").is_some());
/// assert_eq!(registry.ids().next(), Some("entities/capitalized"));
/// ```
#[derive(Clone)]
pub struct Registry {
    extractors: Vec<Arc<dyn Extractor>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.ids()).finish()
    }
}

impl Default for Registry {
    /// The built-in extractors, in report order.
    fn default() -> Self {
        let extractors: Vec<Arc<dyn Extractor>> = vec![
            Arc::new(entities::capitalized::Capitalized),
            Arc::new(entities::gazetteer::Gazetteer),
            Arc::new(quotes::marks::Marks),
            Arc::new(quotes::attributed::Attributed),
            Arc::new(numbers::digits::Digits),
            Arc::new(numbers::normalized::Normalized),
        ];
        Registry { extractors }
    }
}

impl Registry {
    /// A registry with no extractor at all.
    pub fn empty() -> Self {
        Registry {
            extractors: Vec::new(),
        }
    }

    /// Adds an extractor after those already held; its id must be new.
    pub fn register(&mut self, extractor: impl Extractor + 'static) -> Result<&mut Self, Error> {
        self.register_shared(Arc::new(extractor))
    }

    /// [`Registry::register`] for an extractor already behind an `Arc`.
    pub fn register_shared(&mut self, extractor: Arc<dyn Extractor>) -> Result<&mut Self, Error> {
        let id = extractor.id();
        if id.trim().is_empty() || id.chars().any(char::is_whitespace) {
            return Err(Error::BadExtractorId { id: id.to_owned() });
        }
        if self.get(id).is_some() {
            return Err(Error::DuplicateRegistration { id: id.to_owned() });
        }
        self.extractors.push(extractor);
        Ok(self)
    }

    /// The extractor with this id.
    pub fn get(&self, id: &str) -> Option<&dyn Extractor> {
        self.extractors
            .iter()
            .find(|e| e.id() == id)
            .map(|e| e.as_ref())
    }

    /// Every extractor, in registration order.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Extractor> {
        self.extractors.iter().map(|e| e.as_ref())
    }

    /// Every id, in registration order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|e| e.id())
    }

    /// The extractors with these ids, in the order given; all of them when
    /// `ids` is empty. An unknown id is an error listing the known ones.
    pub fn select<S: AsRef<str>>(&self, ids: &[S]) -> Result<Vec<&dyn Extractor>, Error> {
        if ids.is_empty() {
            return Ok(self.iter().collect());
        }
        ids.iter()
            .map(|id| {
                let id = id.as_ref();
                self.get(id).ok_or_else(|| Error::UnknownExtractor {
                    id: id.to_owned(),
                    known: self.ids().collect::<Vec<_>>().join(", "),
                })
            })
            .collect()
    }
}
