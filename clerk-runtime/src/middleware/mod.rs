//! Placeholder: filled by the middleware work.
