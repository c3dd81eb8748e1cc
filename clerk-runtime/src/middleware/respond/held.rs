//! A setting a request context holds: borrowed from the layer while the layer answers, shared
//! when the context outlives the call (an `Auth` keeps it).

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// `&'a T` or `Arc<T>`, read alike. Borrowing costs no atomic count on the paths that answer
/// within the layer's `call`.
pub(crate) enum Held<'a, T: ?Sized> {
    /// Borrowed for the call.
    Borrowed(&'a T),
    /// Shared, for a context that is kept.
    Shared(Arc<T>),
}

impl<T: ?Sized> Deref for Held<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Self::Borrowed(value) => value,
            Self::Shared(value) => value,
        }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Held<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_read_the_same_value() {
        let shared = Arc::new(String::from("sign-in"));
        let borrowed: Held<'_, String> = Held::Borrowed(&*shared);
        let held: Held<'_, String> = Held::Shared(Arc::clone(&shared));
        assert_eq!(&*borrowed, "sign-in");
        assert_eq!(&*held, "sign-in");
        assert_eq!(
            Arc::strong_count(&shared),
            2,
            "the shared form holds a count"
        );
        drop(held);
        assert_eq!(Arc::strong_count(&shared), 1);
        assert_eq!(format!("{borrowed:?}"), "\"sign-in\"");
    }
}
