//! Placeholder: filled by the work that owns these cases.
