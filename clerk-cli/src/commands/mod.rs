//! One module per subcommand.

pub(crate) mod has;
pub(crate) mod keygen;
pub(crate) mod match_routes;
pub(crate) mod mint;
pub(crate) mod verify;
