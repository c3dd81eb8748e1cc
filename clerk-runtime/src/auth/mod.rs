//! Placeholder: filled by the auth work.
