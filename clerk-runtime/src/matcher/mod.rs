//! Placeholder: filled by the matcher work.
