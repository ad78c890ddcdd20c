//! Entity extractors, and what they share.

pub mod capitalized;
pub mod gazetteer;

use crate::prediction::{PredictedEntity, Prediction};
use crate::schema::{EntityType, Span};

/// A prediction of the entities layer from typed spans.
pub(crate) fn entities_prediction(typed: Vec<(Span, EntityType)>) -> Prediction {
    let entities = typed
        .into_iter()
        .map(|(span, ty)| PredictedEntity {
            start: span.start,
            end: span.end,
            ty: ty.label().to_owned(),
        })
        .collect();
    Prediction {
        entities: Some(entities),
        ..Prediction::default()
    }
}
