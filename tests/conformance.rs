//! Conformance against Clerk's oracle.
